/**
 * LP backend benchmark: random transportation LPs of growing size, solved by every available
 * backend in a separate capped process; prints a markdown table.
 *
 *   npx tsx bench/solver-backends.ts            # cap 30 s per solve
 *   CAP=60 SIZES=10x20,40x80 npx tsx bench/solver-backends.ts
 *
 * Timed: LpModel → backend translation + solve + solution extraction (the WebAssembly module is
 * loaded by a warm-up solve first). A backend that exceeds the cap, is killed, or fails is not
 * run on larger sizes ("stopped").
 */
import { availableBackends } from '../solver/index.js';
import { type CappedResult, fmtSeconds, runCapped } from './solver-run-capped.js';

const CAP = Number(process.env.CAP ?? 30);
const SIZES: [number, number][] = (process.env.SIZES ?? '10x20,20x40,40x80,80x160,160x320,250x500,400x800,500x1000')
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number]);
const REPEAT = Number(process.env.REPEAT ?? 1);

const backends = availableBackends();
const stopped = new Map<string, string>();
const rows: string[] = [];

console.error(`backends: ${backends.join(', ')}; cap ${CAP} s; sizes ${SIZES.map((s) => s.join('x')).join(', ')}`);
for (const [nS, nD] of SIZES) {
  const cells: string[] = [];
  const objectives: number[] = [];
  let size = '';
  for (const b of backends) {
    const why = stopped.get(b);
    if (why) {
      cells.push(`— (${why})`);
      continue;
    }
    let best: CappedResult | null = null;
    for (let r = 0; r < REPEAT; r++) {
      const res = await runCapped(b, 'transport', nS, nD, 1, CAP);
      if (!best || res.status !== 'optimal' || res.seconds < best.seconds) best = res;
      if (res.status !== 'optimal') break;
    }
    const res = best as CappedResult;
    if (res.columns !== undefined) size = `${res.columns.toLocaleString('en')} cols, ${(res.rows as number).toLocaleString('en')} rows, ${(res.nonzeros as number).toLocaleString('en')} nnz`;
    console.error(`${nS}x${nD} ${b}: ${res.status} ${fmtSeconds(res.seconds)} obj ${res.objective} ${res.message ?? ''}`);
    if (res.status === 'optimal') {
      objectives.push(res.objective as number);
      cells.push(fmtSeconds(res.seconds) + (res.iterations !== null ? ` (${res.iterations} it)` : ''));
      if (res.seconds > CAP) stopped.set(b, `> ${CAP} s at ${nS}x${nD}`);
    } else {
      cells.push(res.status === 'time_limit' || res.killed ? `> ${CAP} s` : res.status);
      stopped.set(b, res.status === 'time_limit' || res.killed ? `> ${CAP} s at ${nS}x${nD}` : `${res.status} at ${nS}x${nD}`);
    }
  }
  const spread = objectives.length > 1 ? (Math.max(...objectives) - Math.min(...objectives)) / Math.max(1, Math.abs(objectives[0])) : 0;
  rows.push(`| ${nS}×${nD} | ${size} | ${cells.join(' | ')} | ${spread.toExponential(1)} |`);
}

console.log(`| transport LP | size | ${backends.join(' | ')} | max rel. objective spread |`);
console.log(`|---|---|${backends.map(() => '---').join('|')}|---|`);
for (const r of rows) console.log(r);
