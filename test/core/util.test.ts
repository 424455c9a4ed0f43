import { deepMerge, toArray } from '../../src/core/util.js';

describe('toArray', () => {
  test('undefined becomes an empty array', () => {
    expect(toArray(undefined)).toEqual([]);
  });

  test('a single value becomes a one-element array', () => {
    expect(toArray('a-socket:alive')).toEqual(['a-socket:alive']);
  });

  test('an array is copied, so callers may change the result without touching the input', () => {
    const input = ['a', 'b'];
    const result = toArray(input);
    expect(result).toEqual(['a', 'b']);
    expect(result).not.toBe(input);
    result.push('c');
    expect(input).toEqual(['a', 'b']);
  });
});

describe('deepMerge', () => {
  test('merges nested plain objects key by key', () => {
    const base = { timeout: { ping: 20000, pong: 5 }, eventPrefix: '_:' };
    expect(deepMerge(base, { timeout: { ping: 100 } })).toEqual({ timeout: { ping: 100, pong: 5 }, eventPrefix: '_:' });
  });

  test('adds keys the base does not have', () => {
    expect(deepMerge<Record<string, unknown>>({ a: 1 }, { b: { c: 2 } })).toEqual({ a: 1, b: { c: 2 } });
  });

  test('replaces arrays instead of concatenating them', () => {
    expect(deepMerge({ origins: ['a', 'b'] }, { origins: ['c'] })).toEqual({ origins: ['c'] });
  });

  test('takes RegExps, functions and class instances as they are', () => {
    const match = /^\/chat/;
    const predicate = (namespace: string) => namespace === '/';
    const date = new Date(0);
    const merged = deepMerge<Record<string, unknown>>(
      { match: { source: 'x' }, ignore: 'a', at: { year: 1 } },
      { match, ignore: predicate, at: date },
    );
    expect(merged.match).toBe(match);
    expect(merged.ignore).toBe(predicate);
    expect(merged.at).toBe(date);
  });

  test('skips undefined overrides and undefined values inside them', () => {
    const base = { enable: true, nested: { x: 1 } };
    expect(deepMerge(base, undefined)).toEqual(base);
    expect(deepMerge(base, { enable: undefined, nested: { x: undefined } })).toEqual(base);
  });

  test('keeps false, 0, empty string and null from the override', () => {
    expect(
      deepMerge<Record<string, unknown>>({ a: true, b: 1, c: 'x', d: {} }, { a: false, b: 0, c: '', d: null }),
    ).toEqual({ a: false, b: 0, c: '', d: null });
  });

  test('applies several overrides left to right', () => {
    expect(deepMerge({ a: 1, b: 1, c: 1 }, { b: 2, c: 2 }, { c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
  });

  test('modifies neither the base nor the override', () => {
    const base = { timeout: { ping: 1 }, list: [1] };
    const override = { timeout: { ping: 2 }, list: [2] };
    const merged = deepMerge(base, override);
    expect(base).toEqual({ timeout: { ping: 1 }, list: [1] });
    expect(override).toEqual({ timeout: { ping: 2 }, list: [2] });
    expect(merged).not.toBe(base);
    expect(merged.timeout).not.toBe(base.timeout);
  });

  test('a non-object override replaces the base wholesale', () => {
    expect(deepMerge<unknown>({ a: 1 }, 'x')).toBe('x');
    expect(deepMerge<unknown>('x', { a: 1 })).toEqual({ a: 1 });
  });
});
