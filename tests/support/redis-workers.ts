import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, type RedisServer } from './redis-server.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';

/**
 * A describe block's real redis-server and `count` real `corridor worker` processes, started before its
 * tests and killed after. Read `.redis` and `.workers` inside the tests.
 */
export function useRedisWorkers(count: number): { redis: RedisServer; workers: WorkerProcess[] } {
  const env = { redis: null as unknown as RedisServer, workers: [] as WorkerProcess[] };
  const children = new Set<ChildProcess>();
  beforeAll(async () => {
    env.redis = await startRedis();
    env.workers = await Promise.all(Array.from({ length: count }, () => spawnWorker(env.redis.url, children)));
  }, 120_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await env.redis?.destroy();
  });
  return env;
}
