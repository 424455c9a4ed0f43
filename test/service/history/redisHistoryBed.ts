import { afterEach } from '@jest/globals';
import { RedisHistory, RedisSessionStore } from '../../../src/bus/redis/index.js';
import { captureLogger } from '../../support/captureLogger.js';
import { deleteKeys, REDIS_URL, useRedisAdmin } from '../../bus/history/redisFixture.js';
import { HistoryTestBed } from './historyFixture.js';

/**
 * A `HistoryTestBed` whose apps share a real Redis: after each test its servers close, then the keys under
 * every prefix handed to `track` are deleted, so runs on one Redis never see each other's streams or sessions.
 */
export function useRedisHistoryBed(): { bed: HistoryTestBed; track(prefix: string): void } {
  const bed = new HistoryTestBed();
  const prefixes: string[] = [];
  const admin = useRedisAdmin();

  afterEach(async () => {
    await bed.close();
    for (const prefix of prefixes.splice(0)) await deleteKeys(admin(), prefix);
  });

  return { bed, track: prefix => void prefixes.push(prefix) };
}

/** The stores of one process of a Redis deployment: its own history reader and session connection. */
export function redisStores(prefix: string, name: string): { history: RedisHistory; sessions: RedisSessionStore } {
  return {
    history: new RedisHistory({ url: REDIS_URL, prefix, name, logger: captureLogger(), readBlockMs: 500 }),
    sessions: new RedisSessionStore({ url: REDIS_URL, prefix, name, logger: captureLogger() }),
  };
}
