/** Real `corridor worker` processes for the queue tests: spawn, read their JSON log lines, kill. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onJsonLines } from './json-lines.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface WorkerProcess {
  proc: ChildProcess;
  logs: Record<string, unknown>[];
  /** Resolves with the first log line for which `match` is true (rejects after `ms`). */
  waitForLog(match: (entry: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Spawn `corridor worker`; resolves once it logs "worker ready". */
export async function spawnWorker(redisUrl: string, children: Set<ChildProcess>, args: string[] = []): Promise<WorkerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/cli.ts', 'worker', '--redis', redisUrl, '--log-level', 'debug', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'debug' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const logs: Record<string, unknown>[] = [];
  const waiters: { match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];
  onJsonLines(proc.stdout!, (entry) => {
    logs.push(entry);
    for (const w of [...waiters]) {
      if (w.match(entry)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  });
  const waitForLog = (match: (e: Record<string, unknown>) => boolean, ms = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = logs.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`worker ${proc.pid}: no matching log line in ${ms} ms; stderr: ${err}`)), ms);
      waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      void exited.then(({ code, signal }) => reject(new Error(`worker exited (${code ?? signal}) before the log line; stderr: ${err}`)));
    });
  const w: WorkerProcess = { proc, logs, waitForLog, exited, stderr: () => err };
  await waitForLog((e) => e.msg === 'worker ready', 90_000);
  return w;
}

/** SIGKILL a process and wait for it to be gone. */
export async function kill9(w: { proc: ChildProcess; exited: Promise<unknown> }): Promise<void> {
  w.proc.kill('SIGKILL');
  await w.exited;
}
