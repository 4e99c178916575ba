/**
 * A real redis-server for the queue tests (issue 16), one per test file, on a free loopback port in its
 * own folder. Nothing is mocked: BullMQ talks to the Debian `redis-server` binary.
 *
 * When the binary is missing the tests skip with a visible message, except with CORRIDOR_REQUIRE_SERVERS=1
 * (set by .ci/run), where a missing server is a failure: CI never skips them silently.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether redis-server can run here; a message says why not. */
export function redisAvailability(): { ok: true } | { ok: false; reason: string } {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { ok: false, reason: `redis-server is not installed (${r.error?.message ?? `exit ${r.status}`}); apt-get install redis-server` };
  return { ok: true };
}

/**
 * Decide whether the queue tests run: true when redis-server is here; false (with a console warning) when
 * it is not; throws when CORRIDOR_REQUIRE_SERVERS=1 demands it.
 */
export function redisTestsEnabled(file: string): boolean {
  const a = redisAvailability();
  if (a.ok) return true;
  if (process.env.CORRIDOR_REQUIRE_SERVERS === '1') throw new Error(`${file}: CORRIDOR_REQUIRE_SERVERS=1 but ${a.reason}`);
  console.warn(`SKIPPED ${file}: ${a.reason}`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** SIGTERM (Redis saves its append-only file on a clean stop) and wait for the exit. */
  stop(): Promise<void>;
  /** Start again on the same port and folder (with `appendonly`, the data comes back). */
  start(): Promise<void>;
  /** Stop and delete the folder. */
  destroy(): Promise<void>;
}

/**
 * Start redis-server on a free port. `persistent`: append-only file fsynced every write, so a restart keeps
 * the queues (the configuration a deployment should use); otherwise nothing is kept across a restart.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'corridor-redis-'));
  let proc: ChildProcess | null = null;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  const start = async () => {
    proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s: ${out}`)), 10_000);
      proc!.stdout!.on('data', (d) => {
        out += String(d);
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
