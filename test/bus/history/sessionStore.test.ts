import { describe, expect, test } from '@jest/globals';
import { MemorySessionStore } from '../../../src/bus/history/memorySessionStore.js';
import { RedisSessionStore } from '../../../src/bus/history/redisSessionStore.js';
import { type ISessionRecord, type ISessionStore } from '../../../src/bus/history/sessionStore.js';
import { createSessionToken, isSessionToken, sessionTokenDigest } from '../../../src/bus/history/sessionToken.js';
import { captureLogger } from '../../support/captureLogger.js';
import { TcpGate } from '../tcpGate.js';
import { deleteKeys, REDIS_URL, uniquePrefix, useRedisAdmin } from './redisFixture.js';

const redisPrefixes: string[] = [];

const admin = useRedisAdmin(async redis => {
  for (const prefix of redisPrefixes) await deleteKeys(redis, prefix);
});

const record: ISessionRecord = {
  id: 'c0nn-1',
  namespace: '/feed',
  userKey: 'user:alice',
  rooms: ['lobby', 'team-7'],
  epoch: 'Zk3-abc_123',
  offset: '42',
};

function describeSessionContract(name: string, create: () => ISessionStore): void {
  describe(`${name}: the session contract`, () => {
    test('a saved record is taken once: the second take of the same token finds nothing', async () => {
      const store = create();
      try {
        const token = createSessionToken();
        await store.save(token, record, 60_000);
        expect(await store.take(token)).toEqual(record);
        expect(await store.take(token)).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    test('an unknown token, and anything that is not a token, takes nothing', async () => {
      const store = create();
      try {
        expect(await store.take(createSessionToken())).toBeUndefined();
        for (const hostile of ['', 'x', 'a'.repeat(43 * 1000), '../../etc', `${createSessionToken()}\n`]) {
          expect(await store.take(hostile)).toBeUndefined();
        }
      } finally {
        await store.close();
      }
    });

    test('save refuses a malformed token, record or ttl, naming what is wrong', async () => {
      const store = create();
      try {
        await expect(store.save('short', record, 1000)).rejects.toThrow(/not one createSessionToken\(\) makes/);
        await expect(
          store.save(createSessionToken(), { ...record, rooms: [1] as unknown as string[] }, 1000),
        ).rejects.toThrow(/connection c0nn-1 is invalid: rooms is not a list of strings/);
        await expect(store.save(createSessionToken(), { ...record, offset: 'x' }, 1000)).rejects.toThrow(
          /offset is not an offset/,
        );
        await expect(store.save(createSessionToken(), record, 0)).rejects.toThrow(/ttlMs must be an integer from 1/);
      } finally {
        await store.close();
      }
    });

    test("only the record's own fields are kept, copied at save", async () => {
      const store = create();
      try {
        const token = createSessionToken();
        const rooms = ['a'];
        await store.save(token, { ...record, rooms, extra: 'not kept' } as ISessionRecord, 60_000);
        rooms.push('b');
        expect(await store.take(token)).toEqual({ ...record, rooms: ['a'] });
      } finally {
        await store.close();
      }
    });
  });
}

describeSessionContract('MemorySessionStore', () => new MemorySessionStore());

describeSessionContract('RedisSessionStore', () => {
  const prefix = uniquePrefix('sessions');
  redisPrefixes.push(prefix);
  return new RedisSessionStore({ prefix, logger: captureLogger() });
});

describe('session tokens', () => {
  test('tokens are 32 random bytes in base64url, never repeated', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => createSessionToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens)
      expect(isSessionToken(token) && Buffer.from(token, 'base64url').length === 32).toBe(true);
  });
});

describe('MemorySessionStore', () => {
  test('a record past its ttl is not taken, and the next save drops the expired ones saved before it', async () => {
    let now = 1_000_000;
    const store = new MemorySessionStore({ now: () => now });
    const [first, second] = [createSessionToken(), createSessionToken()];
    await store.save(first, record, 1000);
    await store.save(second, record, 1000);
    now += 1001;
    expect(await store.take(first)).toBeUndefined();
    expect(store.size).toBe(1);
    await store.save(createSessionToken(), record, 1000);
    expect(store.size).toBe(1);
  });

  test('beyond maxSessions the oldest record goes', async () => {
    const store = new MemorySessionStore({ maxSessions: 2 });
    const [first, second, third] = [createSessionToken(), createSessionToken(), createSessionToken()];
    for (const token of [first, second, third]) await store.save(token, record, 60_000);
    expect(await store.take(first)).toBeUndefined();
    expect(await store.take(third)).toEqual(record);
  });
});

describe('RedisSessionStore', () => {
  test('a record is filed under a digest of its token, expires with its ttl, and is gone after it', async () => {
    const prefix = uniquePrefix('sessions-ttl');
    const store = new RedisSessionStore({ prefix, logger: captureLogger() });
    try {
      const token = createSessionToken();
      await store.save(token, record, 200);
      const key = `${prefix}:session:${sessionTokenDigest(token)}`;
      expect(await admin().keys(`${prefix}:*`)).toEqual([key]);
      const ttl = await admin().pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(200);
      // Waiting for Redis to expire it, without taking it.
      while ((await admin().exists(key)) === 1) await new Promise(resolve => setTimeout(resolve, 20));
      expect(await store.take(token)).toBeUndefined();
    } finally {
      await store.close();
      await deleteKeys(admin(), prefix);
    }
  });

  test('two stores racing for one token: exactly one gets the record', async () => {
    const prefix = uniquePrefix('sessions-race');
    const stores = [0, 1, 2, 3].map(() => new RedisSessionStore({ prefix, logger: captureLogger() }));
    try {
      const token = createSessionToken();
      await stores[0]!.save(token, record, 60_000);
      const taken = await Promise.all(stores.map(store => store.take(token)));
      expect(taken.filter(found => found !== undefined)).toEqual([record]);
    } finally {
      await Promise.all(stores.map(store => store.close()));
      await deleteKeys(admin(), prefix);
    }
  });

  test('the first commands of a new store all wait for its connection: none fails for being sent while it connects', async () => {
    const prefix = uniquePrefix('sessions-first');
    const store = new RedisSessionStore({ prefix, logger: captureLogger() });
    try {
      const tokens = [1, 2, 3, 4].map(() => createSessionToken());
      await Promise.all(tokens.map(token => store.save(token, record, 60_000)));
      expect(await Promise.all(tokens.map(token => store.take(token)))).toEqual([record, record, record, record]);
    } finally {
      await store.close();
      await deleteKeys(admin(), prefix);
    }
  });

  test('a stored value that is not a record is taken as nothing, and logged', async () => {
    const prefix = uniquePrefix('sessions-foreign');
    const logger = captureLogger();
    const store = new RedisSessionStore({ prefix, logger });
    try {
      const token = createSessionToken();
      await admin().set(`${prefix}:session:${sessionTokenDigest(token)}`, '{"id":7}');
      expect(await store.take(token)).toBeUndefined();
      expect(logger.all()).toContain('a stored session was unusable (id is not a string)');
    } finally {
      await store.close();
      await deleteKeys(admin(), prefix);
    }
  });

  test('Redis unreachable: save and take reject at once as unavailable, with the cause', async () => {
    const gate = await TcpGate.start(REDIS_URL, { open: false });
    const store = new RedisSessionStore({
      url: gate.urlFor(REDIS_URL),
      prefix: uniquePrefix('sessions-down'),
      logger: captureLogger(),
    });
    try {
      await expect(store.save(createSessionToken(), record, 1000)).rejects.toMatchObject({
        reason: 'unavailable',
        cause: expect.any(Error),
      });
      await expect(store.take(createSessionToken())).rejects.toMatchObject({ reason: 'unavailable' });
    } finally {
      await store.close();
      await gate.close();
    }
  });
});
