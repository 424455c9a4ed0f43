import { expect, test } from '@jest/globals';
import { RedisSessionStore } from '../../../src/bus/history/redisSessionStore.js';
import { createSessionToken } from '../../../src/bus/history/sessionToken.js';
import { captureLogger } from '../../support/captureLogger.js';
import { deleteKeys, REDIS_URL, uniquePrefix, useRedisAdmin } from './redisFixture.js';

const prefix = uniquePrefix('session-first-connect');

useRedisAdmin(async redis => {
  await deleteKeys(redis, prefix);
});

// Found by the chaos run: a process that had just started got a burst of recoveries, and every take but the
// first failed with "Stream isn't writeable" while the store's first connect was still on its way.
test('a burst of calls on a store that has not connected yet all wait for its first connect', async () => {
  const store = new RedisSessionStore({ url: REDIS_URL, prefix, logger: captureLogger() });
  try {
    const tokens = Array.from({ length: 10 }, () => createSessionToken());
    const record = { id: 'c1', namespace: '/feed', userKey: 'anonymous', rooms: [], epoch: 'e1', offset: '1' };
    await Promise.all(tokens.map(token => store.save(token, record, 60_000)));
    const fresh = new RedisSessionStore({ url: REDIS_URL, prefix, logger: captureLogger() });
    try {
      await expect(Promise.all(tokens.map(token => fresh.take(token)))).resolves.toEqual(tokens.map(() => record));
    } finally {
      await fresh.close();
    }
  } finally {
    await store.close();
  }
});
