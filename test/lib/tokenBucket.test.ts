import { describe, expect, test } from '@jest/globals';
import { TokenBucket } from '../../src/lib/tokenBucket.js';

function takeMany(bucket: TokenBucket, count: number, now: number): number {
  let taken = 0;
  for (let n = 0; n < count; n++) if (bucket.take(now)) taken++;
  return taken;
}

describe('TokenBucket', () => {
  test('a full bucket gives its capacity at once, then nothing until time passes', () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect(takeMany(bucket, 20, 0)).toBe(5);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  test('it refills at perSecond and never beyond capacity', () => {
    const bucket = new TokenBucket(10, 5, 0);
    takeMany(bucket, 5, 0);
    expect(takeMany(bucket, 20, 300)).toBe(3);
    expect(takeMany(bucket, 20, 60_300)).toBe(5);
  });

  test('a sustained stream at the rate passes entirely', () => {
    const bucket = new TokenBucket(100, 1, 0);
    let taken = 0;
    for (let at = 10; at <= 10_000; at += 10) if (bucket.take(at)) taken++;
    expect(taken).toBe(1000);
  });

  test('a clock that goes backwards gives no tokens and takes none away', () => {
    const bucket = new TokenBucket(10, 2, 1000);
    expect(takeMany(bucket, 1, 1000)).toBe(1);
    expect(takeMany(bucket, 5, 500)).toBe(1);
    expect(takeMany(bucket, 5, 1100)).toBe(1);
  });
});
