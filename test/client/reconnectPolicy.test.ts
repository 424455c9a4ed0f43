import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_RECONNECT_OPTIONS,
  RECONNECT_CLOSE_CODES,
  isTransientClose,
  reconnectDelay,
  reconnectDelayCap,
} from '../../src/client/reconnectPolicy.js';

const options = { initialDelay: 20, maxDelay: 100, factor: 2 };

test('the cap grows by factor per attempt from initialDelay and stops at maxDelay', () => {
  expect([0, 1, 2, 3, 4, 10, 2000].map(attempt => reconnectDelayCap(attempt, options))).toEqual([
    20, 40, 80, 100, 100, 100, 100,
  ]);
  expect(reconnectDelayCap(0, DEFAULT_RECONNECT_OPTIONS)).toBe(500);
  expect(reconnectDelayCap(5000, DEFAULT_RECONNECT_OPTIONS)).toBe(10000);
});

test('the delay is full jitter: random() times the cap', () => {
  expect(reconnectDelay(0, options, () => 0)).toBe(0);
  expect(reconnectDelay(0, options, () => 0.5)).toBe(10);
  expect(reconnectDelay(2, options, () => 0.25)).toBe(20);
  expect(reconnectDelay(9, options, () => 0.999)).toBeCloseTo(99.9);
});

test('property: every delay lies in [0, cap] and the cap never exceeds maxDelay, whatever random returns', () => {
  fc.assert(
    fc.property(
      fc.nat(5000),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
      fc.double({ min: 0, max: 60_000, noNaN: true }),
      fc.double({ min: 1, max: 10, noNaN: true }),
      fc.double({ min: -2, max: 3, noNaN: true }),
      (attempt, initialDelay, maxDelay, factor, draw) => {
        const opts = { initialDelay, maxDelay, factor };
        const cap = reconnectDelayCap(attempt, opts);
        const delay = reconnectDelay(attempt, opts, () => draw);
        expect(cap).toBeLessThanOrEqual(maxDelay);
        expect(Number.isFinite(cap)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
      },
    ),
  );
});

test('transient closes reconnect; normal, policy, protocol and module-author closes do not', () => {
  for (const code of [1001, 1005, 1006, 1009, 1011, 1012, 1013, 1014]) {
    expect(isTransientClose({ code, reason: '', wasClean: false })).toBe(true);
  }
  for (const code of [1000, 1002, 1003, 1007, 1008, 1010, 4000, 4999]) {
    expect(isTransientClose({ code, reason: '', wasClean: true })).toBe(false);
  }
  expect([...RECONNECT_CLOSE_CODES].sort()).toEqual([1001, 1005, 1006, 1009, 1011, 1012, 1013, 1014]);
  expect(DEFAULT_RECONNECT_OPTIONS).toMatchObject({
    enabled: true,
    initialDelay: 500,
    maxDelay: 10000,
    factor: 2,
    maxAttempts: Infinity,
  });
});
