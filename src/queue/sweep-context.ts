import type { Redis } from 'ioredis';
import type { ScenarioContext } from '../evaluate/index.js';
import { getBlobCached, putBlob } from './blob-store.js';

/**
 * A sweep's shared input as stored in Redis: the network and the demand by their own content hashes
 * (a worker keeps each once, however many sweeps use it), the rest inline.
 */
export interface StoredSweepContext {
  networkHash: string;
  demandHash: string;
  candidates: ScenarioContext['candidates'];
  options: ScenarioContext['options'];
}

/** Put a sweep context into Redis; returns its content hash (the key a worker loads it by). */
export async function putSweepContext(redis: Redis, context: ScenarioContext): Promise<string> {
  const [networkHash, demandHash] = await Promise.all([putBlob(redis, context.network), putBlob(redis, context.demand)]);
  return putBlob(redis, { networkHash, demandHash, candidates: context.candidates, options: context.options } satisfies StoredSweepContext);
}

/**
 * The context of a stored sweep, its network and demand read through `cache` (by their hashes), so a
 * worker decodes a national network once, not once per sweep.
 * @throws NotFoundError when a part is no longer in Redis
 */
export async function sweepContextOf(redis: Redis, stored: StoredSweepContext, cache: Map<string, unknown>): Promise<ScenarioContext> {
  const [network, demand] = await Promise.all([getBlobCached<ScenarioContext['network']>(redis, cache, stored.networkHash, 'network'), getBlobCached<ScenarioContext['demand']>(redis, cache, stored.demandHash, 'demand table')]);
  return { network, demand, candidates: stored.candidates, options: stored.options };
}

