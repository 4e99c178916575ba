/** Runs one benchmark solve in a child process with a hard time cap (see solver-bench-worker.ts). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Result line printed by the worker, or a kill / crash record. */
export interface CappedResult {
  backend: string;
  status: string;
  objective: number | null;
  seconds: number;
  iterations: number | null;
  message: string | null;
  columns?: number;
  rows?: number;
  nonzeros?: number;
  killed?: boolean;
}

const WORKER = fileURLToPath(new URL('./solver-bench-worker.ts', import.meta.url));

/**
 * Solves instance (`kind`, a, b, seed) with `backend` in a fresh process; the backend gets
 * `capSeconds` as its time limit and the process is killed `graceSeconds` after that.
 */
export function runCapped(backend: string, kind: 'transport' | 'facility' | 'knapsack', a: number, b: number, seed: number, capSeconds: number, graceSeconds = 20): Promise<CappedResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, backend, kind, String(a), String(b), String(seed), String(capSeconds)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, (capSeconds + graceSeconds) * 1000);
    child.on('close', () => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (!killed && line.startsWith('{')) {
        resolve(JSON.parse(line) as CappedResult);
        return;
      }
      resolve({
        backend,
        status: killed ? 'killed' : 'crashed',
        objective: null,
        seconds: (performance.now() - started) / 1000,
        iterations: null,
        message: killed ? `killed after ${capSeconds + graceSeconds} s` : err.trim().split('\n').slice(-3).join(' | '),
        killed,
      });
    });
  });
}

/** Formats seconds for the tables. */
export function fmtSeconds(s: number): string {
  if (s < 0.01) return `${(s * 1000).toFixed(1)} ms`;
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  return `${s.toFixed(s < 10 ? 2 : 1)} s`;
}
