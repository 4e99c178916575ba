import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { NotFoundError } from '../shared/index.js';
import { BLOB_PREFIX } from './queue-names.js';

/**
 * How long a blob lives in Redis after its last write, seconds. Long enough for the longest sweep (the
 * job time limit is an hour by default); a worker that finds a blob gone fails the task with a clear error.
 */
export const BLOB_TTL_SECONDS = 24 * 3600;

/**
 * Content-addressed values in Redis: a network, a demand table, a sweep context, by the sha256 of their
 * serialised bytes. Values are v8-serialised (the structured clone of worker threads: Maps, Sets and typed
 * arrays survive, as they do on the in-process path), so a worker gets exactly what the API had.
 * @returns the hash under which the value is stored
 */
export async function putBlob(redis: Redis, value: unknown): Promise<string> {
  const bytes = serialize(value);
  const hash = createHash('sha256').update(bytes).digest('hex');
  // SET … EX refreshes the TTL when the same content is put again (a new sweep on the same network).
  await redis.set(BLOB_PREFIX + hash, bytes, 'EX', BLOB_TTL_SECONDS);
  return hash;
}

/** Store a value under a fixed key (a job's result), with the blob TTL. Returns its size in bytes. */
export async function putBlobAt(redis: Redis, key: string, value: unknown): Promise<number> {
  const bytes = serialize(value);
  await redis.set(BLOB_PREFIX + key, bytes, 'EX', BLOB_TTL_SECONDS);
  return bytes.length;
}

/**
 * The value stored under `hash`.
 * @throws NotFoundError when Redis no longer has it (expired, or Redis restarted without its data)
 */
export async function getBlob<T>(redis: Redis, hash: string, what: string): Promise<T> {
  const bytes = await redis.getBuffer(BLOB_PREFIX + hash);
  if (!bytes) throw new NotFoundError(`${what} in Redis (expired, or Redis lost its data)`, hash);
  return deserialize(bytes) as T;
}

/**
 * A blob through a small cache of decoded values (most recently read last): a worker decodes a national
 * network once, however many sweeps and jobs use it, and keeps at most `limit` of them.
 * @throws NotFoundError as getBlob
 */
export async function getBlobCached<T>(redis: Redis, cache: Map<string, unknown>, hash: string, what: string, limit = 8): Promise<T> {
  if (!cache.has(hash)) {
    cache.set(hash, await getBlob<T>(redis, hash, what));
    while (cache.size > limit) cache.delete(cache.keys().next().value as string);
  }
  return cache.get(hash) as T;
}

/** Delete a blob (a result once the API stored it). */
export async function deleteBlob(redis: Redis, hash: string): Promise<void> {
  await redis.del(BLOB_PREFIX + hash);
}
