/**
 * Independent reference optimum for the Sioux Falls test (tests/sioux-falls.test.ts).
 *
 * Reads the TNTP files directly (no code from src/ or solver/), writes the capacitated multi-commodity
 * min-cost flow LP with one commodity per OD pair (our optimizer pools by origin instead, so the two
 * formulations differ and only the optimum must agree), and solves it with Debian's native solvers:
 *
 *     minimise   Σ_od Σ_a fft_a · x_od,a
 *     s.t.       Σ_out(i) x_od,a − Σ_in(i) x_od,a = D_od (i = o), −D_od (i = d), 0 otherwise
 *                Σ_od x_od,a ≤ 2 · capacity_a        (hard capacity = twice the BPR capacity)
 *                x ≥ 0
 *
 * Run:  npx tsx bench/sioux-falls-reference.ts     (needs `apt-get install -y coinor-clp glpk-utils`)
 * Writes /tmp/sioux-falls/sioux-falls.{mps,lp} and prints both solvers' optimal objectives.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'tests', 'fixtures', 'sioux-falls');
const out = '/tmp/sioux-falls';
mkdirSync(out, { recursive: true });

interface Arc { from: number; to: number; capacity: number; fft: number }
const arcs: Arc[] = [];
for (const line of readFileSync(join(dir, 'SiouxFalls_net.tntp'), 'utf8').split('\n')) {
  const t = line.trim();
  if (!t || t.startsWith('<') || t.startsWith('~')) continue;
  const f = t.replace(/;$/, '').trim().split(/\s+/).map(Number);
  arcs.push({ from: f[0], to: f[1], capacity: f[2], fft: f[4] });
}
const ods: { o: number; d: number; teu: number }[] = [];
let origin = 0;
for (const line of readFileSync(join(dir, 'SiouxFalls_trips.tntp'), 'utf8').split('\n')) {
  const m = /^Origin\s+(\d+)/.exec(line.trim());
  if (m) {
    origin = Number(m[1]);
    continue;
  }
  for (const entry of line.matchAll(/(\d+)\s*:\s*([\d.]+)\s*;/g)) {
    const d = Number(entry[1]);
    const teu = Number(entry[2]);
    if (origin && d !== origin && teu > 0) ods.push({ o: origin, d, teu });
  }
}
const nodes = [...new Set(arcs.flatMap((a) => [a.from, a.to]))].sort((a, b) => a - b);
console.log(`${nodes.length} nodes, ${arcs.length} arcs, ${ods.length} OD pairs, ${ods.reduce((s, o) => s + o.teu, 0)} trips`);

const g = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(17));
const col = (k: number, a: number) => `x${k}_${a}`;

// Free MPS for clp.
const rows: string[] = ['N  obj'];
const rhs: string[] = [];
for (let k = 0; k < ods.length; k++) for (const n of nodes) rows.push(`E  b${k}_${n}`);
arcs.forEach((_, a) => rows.push(`L  c${a}`));
const columns: string[] = [];
ods.forEach((od, k) => {
  arcs.forEach((arc, a) => {
    columns.push(` ${col(k, a)} obj ${g(arc.fft)}`);
    columns.push(` ${col(k, a)} b${k}_${arc.from} 1`);
    columns.push(` ${col(k, a)} b${k}_${arc.to} -1`);
    columns.push(` ${col(k, a)} c${a} 1`);
  });
  rhs.push(` rhs b${k}_${od.o} ${g(od.teu)}`);
  rhs.push(` rhs b${k}_${od.d} ${g(-od.teu)}`);
});
arcs.forEach((arc, a) => rhs.push(` rhs c${a} ${g(2 * arc.capacity)}`));
writeFileSync(join(out, 'sioux-falls.mps'), ['NAME sioux-falls', 'ROWS', ...rows.map((r) => ` ${r}`), 'COLUMNS', ...columns, 'RHS', ...rhs, 'ENDATA', ''].join('\n'));

// CPLEX LP for glpsol.
const lp: string[] = ['Minimize', ' obj:'];
ods.forEach((_, k) => arcs.forEach((arc, a) => lp.push(`  + ${g(arc.fft)} ${col(k, a)}`)));
lp.push('Subject To');
ods.forEach((od, k) => {
  for (const n of nodes) {
    const terms = arcs.flatMap((arc, a) => (arc.from === n ? [`+ ${col(k, a)}`] : arc.to === n ? [`- ${col(k, a)}`] : []));
    const b = n === od.o ? od.teu : n === od.d ? -od.teu : 0;
    lp.push(` b${k}_${n}: ${terms.join(' ')} = ${g(b)}`);
  }
});
arcs.forEach((arc, a) => lp.push(` c${a}: ${ods.map((_, k) => `+ ${col(k, a)}`).join(' ')} <= ${g(2 * arc.capacity)}`));
lp.push('End', '');
writeFileSync(join(out, 'sioux-falls.lp'), lp.join('\n'));

// Objectives recomputed in double precision from each solver's primal values (the solvers print 10 digits).
const fftOf = (name: string) => arcs[Number(name.split('_')[1])].fft;
const clpLog = execFileSync('clp', [join(out, 'sioux-falls.mps'), '-primalT', '1e-9', '-dualT', '1e-9', '-solve', '-printingOptions', 'all', '-solution', join(out, 'clp.sol')], { encoding: 'utf8' });
console.log(clpLog.split('\n').filter((l) => /Coin LP version|Optimal objective|infeasible/i.test(l)).join('\n'));
let clpObjective = 0;
let binding = 0;
for (const line of readFileSync(join(out, 'clp.sol'), 'utf8').split('\n').slice(1)) {
  const f = line.trim().split(/\s+/);
  if (f.length < 4) continue;
  if (f[1].startsWith('x')) clpObjective += fftOf(f[1]) * Number(f[2]);
  else if (/^c\d+$/.test(f[1]) && Number(f[3]) !== 0) binding++;
}
console.log(`clp: objective from primal values ${clpObjective.toPrecision(17)}; ${binding} capacity rows with a nonzero dual`);

execFileSync('glpsol', ['--lp', join(out, 'sioux-falls.lp'), '-w', join(out, 'glpsol.raw'), '-o', join(out, 'glpsol.txt')], { encoding: 'utf8' });
const glpsolVersion = execFileSync('glpsol', ['--version'], { encoding: 'utf8' }).split('\n')[0];
// Raw format: "j <col> <status> <value> <dual>" per column, in LP file order of first appearance.
const names = readFileSync(join(out, 'glpsol.txt'), 'utf8');
let glpObjective = 0;
const colNames = [...names.matchAll(/^\s+\d+\s+(x\d+_\d+)\s/gm)].map((m) => m[1]);
const raw = readFileSync(join(out, 'glpsol.raw'), 'utf8').split('\n');
const values = raw.filter((l) => l.startsWith('j ')).map((l) => Number(l.split(' ')[3]));
const rawObjective = raw.find((l) => l.startsWith('s '))!.split(' ')[6];
colNames.forEach((name, i) => (glpObjective += fftOf(name) * values[i]));
console.log(`${glpsolVersion}: ${names.split('\n').find((l) => l.startsWith('Objective'))}; raw-file objective ${rawObjective}; from primal values ${glpObjective.toPrecision(17)}`);
