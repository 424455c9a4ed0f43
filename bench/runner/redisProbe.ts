import { Redis } from 'ioredis';
export { redactRedisUrl } from '../../src/bus/redis/redisBusConnection.js';

/** Undefined when Redis at `url` answers PING within `timeoutMs`, else why not. No retries. */
export async function probeRedis(url: string, timeoutMs = 2000): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const answer = await redis.ping();
    return answer === 'PONG' ? undefined : `PING answered ${answer}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    redis.disconnect();
  }
}
