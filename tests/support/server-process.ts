/**
 * Shared by the tests that run the real server process (`node --import tsx api/server.ts`): start it on a
 * free port, read its JSON log lines, and probe /health latency while something else runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onJsonLines } from './json-lines.js';
import { Worker } from 'node:worker_threads';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawn the server; resolves once it logs "listening" (rejects with its stderr if it exits first). */
export function spawnServer(env: Record<string, string>, children: Set<ChildProcess>): { server: Promise<ServerProcess>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', JOB_THREADS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  const logs: Record<string, unknown>[] = [];
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const stderr = () => err;
  const server = new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not log "listening" in 90 s; stderr: ${err}`)), 90_000);
    onJsonLines(proc.stdout!, (entry) => {
      logs.push(entry);
      if (entry.msg === 'listening') {
        clearTimeout(timer);
        resolve({ proc, url: `http://127.0.0.1:${entry.port as number}`, logs, stderr, exited });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${err}`));
    });
  });
  server.catch(() => {});
  return { server, exited, stderr };
}

/** Resident memory of a process, MB (Linux /proc). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Latency figures of a run of /health probes, ms. */
export interface HealthLatency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The prober: its own thread, so the latencies are the server's and not this test's busy event loop. */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => (stop = true));
(async () => {
  const ms = [];
  let error = null;
  while (!stop || ms.length < 20) {
    const t0 = performance.now();
    try {
      const res = await fetch(workerData.url + '/health');
      await res.arrayBuffer();
      if (res.status !== 200) error = '/health answered ' + res.status;
    } catch (e) {
      error = String(e);
    }
    ms.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, workerData.gapMs));
  }
  parentPort.postMessage({ ms, error });
})();
`;

/**
 * Probe GET /health one request after another (every `gapMs`), from a worker thread, until `stop`
 * settles; the latencies say whether the server's event loop stayed free while the abuse ran.
 */
export async function probeHealth(url: string, stop: Promise<unknown>, gapMs = 10): Promise<HealthLatency> {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url, gapMs } });
  const result = new Promise<{ ms: number[]; error: string | null }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await stop.then(
    () => {},
    () => {},
  );
  worker.postMessage('stop');
  const { ms, error } = await result;
  await worker.terminate();
  if (error) throw new Error(error);
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { count: ms.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(ms[ms.length - 1]) };
}

const round = (x: number) => Math.round(x * 10) / 10;
