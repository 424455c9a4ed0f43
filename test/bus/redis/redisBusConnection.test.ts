import { describe, expect, it } from '@jest/globals';
import { reconnectDelay, redactRedisUrl } from '../../../src/bus/redis/redisBusConnection.js';

describe('reconnectDelay', () => {
  it('doubles from the minimum, stays within [ceiling/2, ceiling], and is capped at the maximum', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(2_000, 50 * 2 ** (attempt - 1));
      for (let sample = 0; sample < 20; sample++) {
        const delay = reconnectDelay(attempt, 50, 2_000);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('never gives up: a number even after a very long outage', () => {
    const delay = reconnectDelay(1_000_000, 50, 2_000);
    expect(Number.isFinite(delay)).toBe(true);
    expect(delay).toBeLessThanOrEqual(2_000);
  });
});

describe('redactRedisUrl', () => {
  it('hides the password and keeps what helps an operator', () => {
    expect(redactRedisUrl('redis://app:s3cret@redis.internal:6380/2')).toBe('redis://app:***@redis.internal:6380/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes a URL it cannot parse (it may hold a password)', () => {
    expect(redactRedisUrl('not a url :secret@')).toBe('<unparsable Redis URL>');
  });
});
