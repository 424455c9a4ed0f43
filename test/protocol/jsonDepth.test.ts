import { describe, expect, test } from '@jest/globals';
import { nestsDeeperThan } from '../../src/protocol/jsonDepth.js';

function nestedArray(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

describe('nestsDeeperThan', () => {
  test.each([
    [1, 0],
    ['x', 0],
    [null, 0],
    [[], 1],
    [{ a: 1 }, 1],
    [[{ a: [1] }], 3],
  ])('%j is %i levels deep', (value, depth) => {
    expect(nestsDeeperThan(value, depth)).toBe(false);
    if (depth > 0) expect(nestsDeeperThan(value, depth - 1)).toBe(true);
  });

  test('a branch over the limit is found beside shallow ones', () => {
    expect(nestsDeeperThan({ a: 1, b: [2, 3], c: { d: { e: [[4]] } } }, 4)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [2, 3], c: { d: { e: [[4]] } } }, 5)).toBe(false);
  });

  test('100,000 levels neither throw nor overflow the stack', () => {
    const deep = nestedArray(100_000);
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan(deep, 100_000)).toBe(false);
  });
});
