import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A plain connection to the real Redis for what the tests check or break from outside. */
export class RedisAdmin {
  private constructor(private readonly redis: Redis) {}

  static async connect(): Promise<RedisAdmin> {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    return new RedisAdmin(redis);
  }

  async subscriberCount(channel: string): Promise<number> {
    const [, count] = (await this.redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count);
  }

  /** Waits until `channel` has exactly `count` subscribers (processes joining or leaving the bus). */
  async waitForSubscribers(channel: string, count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.subscriberCount(channel)) !== count) {
      if (Date.now() > deadline) throw new Error(`${channel} never had ${count} subscribers`);
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  /**
   * The bus connections of one process (RedisBus names them `${prefix}:pub:${name}` and
   * `${prefix}:sub:${name}`; the demo's name is `<host>-<pid>-<6 hex>`), as `CLIENT LIST` ids.
   */
  async busConnectionsOf(prefix: string, pid: number): Promise<{ id: string; name: string }[]> {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^${escaped}:(pub|sub):.*-${pid}-[0-9a-f]{6}$`);
    const list = (await this.redis.client('LIST')) as string;
    return list
      .split('\n')
      .map(line => ({ id: line.match(/^id=(\d+) /)?.[1] ?? '', name: line.match(/ name=(\S*) /)?.[1] ?? '' }))
      .filter(entry => entry.id !== '' && pattern.test(entry.name));
  }

  /** Cuts connections from the server side, as a network failure or a Redis restart would. */
  async kill(ids: string[]): Promise<void> {
    for (const id of ids) await this.redis.client('KILL', 'ID', id);
  }

  /** Deletes the keys a run left under `prefix` (history streams, session records): the Redis is shared. */
  async deleteKeys(prefix: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await this.redis.del(...keys);
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
