import { InvalidArgumentError } from './errors.js';

// On its own, without ioredis or BullMQ, so that reading the API's configuration does not load them.

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
