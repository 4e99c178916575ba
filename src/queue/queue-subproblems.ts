import type { Redis } from 'ioredis';
import type { SubproblemValue, SubproblemContext, SubproblemEvaluator, SubproblemExtra } from '../resilience/index.js';
import { putBlob } from './blob-store.js';
import { openSweepTasks } from './queue-scenario-runner.js';

/** A subproblem context as stored in Redis: the network by its own hash (workers keep each network once). */
export interface StoredSubproblemContext extends Omit<SubproblemContext, 'network'> {
  kind: 'subproblems';
  networkHash: string;
}

async function putSubproblemContext(redis: Redis, context: SubproblemContext): Promise<string> {
  const networkHash = await putBlob(redis, context.network);
  const { network: _n, ...rest } = context;
  return putBlob(redis, { kind: 'subproblems', networkHash, ...rest } satisfies StoredSubproblemContext);
}

/**
 * Robust-portfolio and resilience subproblems as BullMQ tasks: each (scenario, build vector) is a task that a
 * `corridor worker` solves on a thread keeping one warm master per scenario, as ScenarioSubproblems does
 * here. A worker may not have seen a scenario before (any worker takes any task), so it may build that
 * scenario's master cold: the value is the same LP optimum, reached from another basis.
 */
export async function createQueueSubproblems(context: SubproblemContext, options: { redisUrl: string; cancelKey?: string }): Promise<SubproblemEvaluator> {
  const tasks = await openSweepTasks<SubproblemValue>({ ...options, putContext: (redis) => putSubproblemContext(redis, context) });
  let solves = 0;
  return {
    parallel: true,
    get solves() {
      return solves;
    },
    async evaluate(s: number, y: readonly number[], extra: SubproblemExtra = {}) {
      const task = { s, y: [...y], extra: { closedNodeIds: extra.closedNodeIds ? [...extra.closedNodeIds] : undefined, closedLinkIds: extra.closedLinkIds ? [...extra.closedLinkIds] : undefined } };
      const v = await (await tasks.submit([{ subproblem: task }], [`scenario "${context.scenarios[s].id}"`]))[0];
      if (v.status !== 'error') solves++;
      return v;
    },
    dispose: () => tasks.close(),
  };
}
