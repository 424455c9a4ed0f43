import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { RedisHistory, type IRedisHistoryOptions } from '../../../src/bus/history/redisHistory.js';
import { captureLogger } from '../../support/captureLogger.js';
import { type IHistoryFixture } from './historyContract.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other run or test shares: tests run side by side on one Redis. */
export function uniquePrefix(label: string): string {
  return `a-socket-test-${label}-${process.pid}-${randomUUID()}`;
}

/**
 * An admin connection to the test Redis for the file's tests: opened before them, closed after them, after
 * `beforeQuit` (a file's last clean-up, e.g. deleting its keys) has run with it.
 */
export function useRedisAdmin(beforeQuit?: (admin: Redis) => Promise<void>): () => Redis {
  let admin: Redis | undefined;
  beforeAll(async () => {
    admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
  });
  afterAll(async () => {
    if (admin === undefined) return;
    try {
      await beforeQuit?.(admin);
    } finally {
      await admin.quit();
    }
  });
  return () => {
    if (admin === undefined) throw new Error('the Redis admin connection is used before beforeAll opened it');
    return admin;
  };
}

/** Deletes every key under `prefix` (what a FLUSH of the app's data would do). */
export async function deleteKeys(admin: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await admin.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * Drops the connection of that name on the Redis side, as a Redis restart would, without touching
 * anybody else's: other test runs share this Redis.
 */
export async function killConnection(admin: Redis, name: string): Promise<void> {
  const list = (await admin.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter(line => line.includes(` name=${name} `))
    .map(line => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  if (ids.length !== 1) throw new Error(`expected one Redis connection named ${name}, found ${ids.length}`);
  await admin.call('CLIENT', 'KILL', 'ID', ids[0] as string);
}

/** Options every test store gets: quick reconnects, a log the test can read instead of the console. */
export function testStoreOptions(prefix: string, name: string, extra: IRedisHistoryOptions = {}): IRedisHistoryOptions {
  return {
    url: REDIS_URL,
    prefix,
    name,
    logger: captureLogger(),
    reconnectDelayMaxMs: 100,
    readBlockMs: 500,
    ...extra,
  };
}

/** Stores of one test share a fresh prefix, as the processes of one app share Redis. */
export function redisFixture(admin: () => Redis, label: string): IHistoryFixture & { stores: RedisHistory[] } {
  let prefix: string | undefined;
  const stores: RedisHistory[] = [];
  return {
    stores,
    createStores(count, clock) {
      prefix ??= uniquePrefix(label);
      const made = Array.from(
        { length: count },
        (_, index) =>
          new RedisHistory(testStoreOptions(prefix as string, `store${stores.length + index}`, { now: clock?.now })),
      );
      stores.push(...made);
      return made;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map(store => store.close()));
      if (prefix) await deleteKeys(admin(), prefix);
      prefix = undefined;
    },
  };
}
