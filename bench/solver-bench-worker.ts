/**
 * Child process of the solver benchmarks: builds one instance, warms the backend up on a tiny
 * model (so WebAssembly loading is not timed), solves, prints one JSON line and exits.
 * Run in a separate process so the parent can kill a backend that exceeds its time cap
 * (javascript-lp-solver cannot be interrupted during an LP).
 *
 *   node --import tsx bench/solver-bench-worker.ts <backend> <transport|facility|knapsack> <a> <b> <seed> <capSeconds>
 */
import { type BackendName, getBackend } from '../solver/index.js';
import { facilityLocationMip, multiKnapsackMip, sizeOf, transportLp } from './solver-instances.js';

const [backendName, kind, a, b, seed, cap] = process.argv.slice(2);
const backend = getBackend(backendName as BackendName);
const build = { transport: transportLp, facility: facilityLocationMip, knapsack: multiKnapsackMip }[kind as 'transport' | 'facility' | 'knapsack'];
const model = build(Number(a), Number(b), Number(seed));
const warm = build(3, 2, 99);
await backend.solve(warm);
const t0 = performance.now();
const sol = await backend.solve(model, { timeLimitSeconds: Number(cap), relativeMipGap: 1e-4 });
const wall = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({
    backend: backendName,
    status: sol.status,
    objective: sol.objective,
    seconds: wall,
    iterations: sol.iterations ?? null,
    message: sol.message ?? null,
    ...sizeOf(model),
  })}\n`,
);
process.exit(0);
