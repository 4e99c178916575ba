/**
 * MIP backend benchmark behind `GLPK_MIP_MAX_SIZE` (solver/backend-registry.ts): capacitated
 * facility-location MIPs (or multi-dimensional knapsacks with KIND=knapsack) of growing size, HiGHS vs GLPK (and javascript-lp-solver while it
 * keeps up), each solve in a separate capped process. Prints a markdown table with the size
 * measure used by `chooseBackend` (columns + nonzeros).
 *
 *   npx tsx bench/solver-mip.ts
 *   CAP=120 SIZES=100x30 npx tsx bench/solver-mip.ts
 *   KIND=knapsack npx tsx bench/solver-mip.ts     # multi-dimensional knapsacks instead
 */
import { availableBackends } from '../solver/index.js';
import { type CappedResult, fmtSeconds, runCapped } from './solver-run-capped.js';

const CAP = Number(process.env.CAP ?? 60);
const KIND = (process.env.KIND ?? 'facility') as 'facility' | 'knapsack';
const SIZES: [number, number][] = (process.env.SIZES ?? (KIND === 'facility' ? '10x4,20x6,40x10,60x15,100x30,150x40,200x50' : '20x2,40x4,60x6,100x8,200x10,400x10'))
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number]);
const SEEDS = (process.env.SEEDS ?? '1,2').split(',').map(Number);
const backends = availableBackends().filter((b) => b !== 'clp');
const stopped = new Map<string, string>();
const rows: string[] = [];

console.error(`backends: ${backends.join(', ')}; cap ${CAP} s; seeds ${SEEDS.join(',')}`);
for (const [n, m] of SIZES) {
  const cells: string[] = [];
  let size = '';
  const objectives: number[] = [];
  for (const b of backends) {
    const why = stopped.get(b);
    if (why) {
      cells.push(`— (${why})`);
      continue;
    }
    const times: number[] = [];
    let failed: CappedResult | null = null;
    for (const seed of SEEDS) {
      const res = await runCapped(b, KIND, n, m, seed, CAP);
      console.error(`${n}x${m} seed ${seed} ${b}: ${res.status} ${fmtSeconds(res.seconds)} obj ${res.objective} ${res.message ?? ''}`);
      if (res.columns !== undefined) size = `${res.columns.toLocaleString('en')} cols, ${(res.nonzeros as number).toLocaleString('en')} nnz (size ${(res.columns + (res.nonzeros as number)).toLocaleString('en')})`;
      if (res.status !== 'optimal') {
        failed = res;
        break;
      }
      if (seed === SEEDS[0]) objectives.push(res.objective as number);
      times.push(res.seconds);
    }
    if (failed) {
      const timeout = failed.status === 'time_limit' || failed.killed;
      cells.push(timeout ? `> ${CAP} s` : failed.status);
      stopped.set(b, timeout ? `> ${CAP} s at ${n}x${m}` : `${failed.status} at ${n}x${m}`);
    } else {
      cells.push(times.map(fmtSeconds).join(' / '));
    }
  }
  const spread = objectives.length > 1 ? (Math.max(...objectives) - Math.min(...objectives)) / Math.max(1, Math.abs(objectives[0])) : 0;
  const label = KIND === 'facility' ? `${n} customers × ${m} candidates` : `${n} items × ${m} dimensions`;
  rows.push(`| ${label} | ${size} | ${cells.join(' | ')} | ${spread.toExponential(1)} |`);
}

console.log(`| ${KIND === 'facility' ? 'facility-location' : 'multi-dim. knapsack'} MIP (seeds ${SEEDS.join(' / ')}) | size | ${backends.join(' | ')} | rel. objective spread (gap 1e-4) |`);
console.log(`|---|---|${backends.map(() => '---').join('|')}|---|`);
for (const r of rows) console.log(r);
