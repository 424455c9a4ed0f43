import { Redis } from 'ioredis';

/** The URL with its password hidden, for messages and the results file. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable Redis URL>';
  }
}

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
