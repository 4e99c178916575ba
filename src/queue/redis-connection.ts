import { Redis } from 'ioredis';
import { InvalidArgumentError } from '../errors.js';

export { redactUrl } from '../redact-url.js';

/**
 * Check a Redis URL (redis:// or rediss://) and return it; a typo is one line naming the variable or flag.
 * @param source where the URL came from, for the message (e.g. 'REDIS_URL', '--redis')
 * @throws InvalidArgumentError for a URL that is not redis:// or rediss://
 */
export function checkRedisUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError(`${source} must be a Redis URL such as redis://127.0.0.1:6379, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new InvalidArgumentError(`${source} must start with redis:// or rediss://, got "${parsed.protocol}//…"`);
  return url;
}

/**
 * A connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ requires of its blocking
 * connections (a worker waits on Redis indefinitely and reconnects, instead of failing its commands).
 */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'corridor' });
  // ioredis reconnects on its own; an unhandled 'error' event would end the process instead.
  redis.on('error', () => {});
  return redis;
}
