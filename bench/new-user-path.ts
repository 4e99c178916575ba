/**
 * The new user's path, timed: a fresh clone, `npm ci`, the first `npm start` until `/health` answers, and
 * `npm test` — the two commands README promises — plus what the slowest install step (better-sqlite3's
 * native build) costs on its own.
 *
 * Run:  npx tsx bench/new-user-path.ts [--skip-test]
 *
 * It clones the committed HEAD of this repository (`git clone --no-local`, so nothing uncommitted leaks in)
 * into a temporary folder whose parent holds nothing else, and prints a Markdown table for BENCHMARKS.md.
 * npm's download cache (~/.npm) is left as it is: say in the write-up whether it was warm.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const repo = join(import.meta.dirname, '..');
const skipTest = process.argv.includes('--skip-test');
const base = mkdtempSync(join(tmpdir(), 'corridor-new-user-'));
const clone = join(base, 'corridor');

function timed(label: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}\n${r.stderr}\n`);
    throw new Error(`${label} failed (exit ${r.status})`);
  }
  console.error(`${label}: ${s.toFixed(1)} s`);
  return s;
}

/** Start `npm start` on a free port with a fresh database; seconds until GET /health answers 200. */
async function firstStart(): Promise<number> {
  const t0 = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: clone,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE: join(base, 'first-start.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no "listening" line within 180 s:\n${out}`)), 180_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"port":(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
    });
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const s = (performance.now() - t0) / 1000;
    console.error(`first npm start → /health: ${s.toFixed(1)} s`);
    return s;
  } finally {
    // npm start runs tsx in a child: stop the whole group.
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
  }
}

const rows: [string, number][] = [];
const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');
try {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  rows.push(['git clone', timed('git clone', 'git', ['clone', '--quiet', '--no-local', repo, clone], base)]);
  rows.push(['npm ci', timed('npm ci', 'npm', ['ci', '--no-audit', '--no-fund'], clone)]);
  // The slowest install step on its own: better-sqlite3 falls back to building SQLite from source when its
  // prebuilt binary cannot be downloaded (GitHub unreachable, or no prebuild for this Node/arch).
  rows.push(['  of which: better-sqlite3 install script, re-run alone', timed('better-sqlite3 rebuild', 'npm', ['rebuild', 'better-sqlite3'], clone)]);
  // The same install without any package's install script (so without the native build), in a second clone.
  const bare = join(base, 'no-scripts');
  execFileSync('git', ['clone', '--quiet', '--no-local', repo, bare]);
  rows.push(['npm ci --ignore-scripts (no native build; for comparison only)', timed('npm ci --ignore-scripts', 'npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], bare)]);
  rows.push(['first npm start → /health 200', await firstStart()]);
  if (!skipTest) rows.push(['npm test', timed('npm test', 'npm', ['test'], clone, { ...process.env, CI: '1' })]);
  console.log(`Commit ${head}; ${cpus().length} cores, Node ${process.version}; load average at start ${loadBefore}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| step | seconds |\n|---|---|');
  for (const [step, s] of rows) console.log(`| ${step} | ${s.toFixed(1)} |`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
