import { Redis } from 'ioredis';
export { checkRedisUrl, redactUrl } from '../shared/index.js';

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
