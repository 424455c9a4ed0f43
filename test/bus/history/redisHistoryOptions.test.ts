import { describe, expect, test } from '@jest/globals';
import { historyKeys, resolveRedisHistoryOptions } from '../../../src/bus/history/redisHistoryOptions.js';

describe('RedisHistory options', () => {
  test('defaults: 10 000 buffered appends for 30 s, reads of 1000 entries blocking 1 s, epochs kept a day', () => {
    expect(resolveRedisHistoryOptions({ url: 'redis://h:1' })).toMatchObject({
      url: 'redis://h:1',
      prefix: 'a-socket',
      maxBuffered: 10_000,
      maxBufferedAgeMs: 30_000,
      maxInFlight: 1000,
      subscribeWaitMs: 3000,
      readBatch: 1000,
      readBlockMs: 1000,
      epochRetentionMs: 86_400_000,
    });
  });

  test('a bad option is refused naming it and its value', () => {
    expect(() => resolveRedisHistoryOptions({ maxBufferedAgeMs: 0 })).toThrow(
      'RedisHistory option maxBufferedAgeMs must be an integer from 1 to 2147483647 (got 0)',
    );
    expect(() => resolveRedisHistoryOptions({ prefix: 'a b' })).toThrow(
      /option prefix must be a non-empty string without whitespace/,
    );
    expect(() => resolveRedisHistoryOptions({ readBlockMs: 5000 })).toThrow(
      /readBlockMs must be an integer from 1 to 4000/,
    );
  });

  test('a socketTimeout no longer than readBlockMs is refused: it would cut every blocking read', () => {
    expect(() => resolveRedisHistoryOptions({ readBlockMs: 1000, redisOptions: { socketTimeout: 1000 } })).toThrow(
      'RedisHistory: redisOptions.socketTimeout (1000 ms) must be longer than readBlockMs (1000 ms)',
    );
  });

  test("stream and meta keys of a namespace never collide with another namespace's", () => {
    expect(historyKeys('app', '/feed')).toEqual({ stream: 'app:history:stream:/feed', meta: 'app:history:meta:/feed' });
    const all = ['/feed', '/feed:meta', '/stream:/feed'].flatMap(namespace =>
      Object.values(historyKeys('app', namespace)),
    );
    expect(new Set(all).size).toBe(all.length);
  });
});
