import { describe, expect, test } from '@jest/globals';
import {
  compareOffsets,
  createEpoch,
  formatOffset,
  isEpoch,
  parseOffset,
} from '../../../src/protocol/historyPosition.js';
import { HistoryRing } from '../../../src/bus/history/historyRing.js';
import { type IHistoryEntry } from '../../../src/bus/history/history.js';

describe('history positions', () => {
  test('an offset is a decimal integer string without sign, leading zero or exponent; anything else parses to undefined', () => {
    expect(['0', '1', '42', '9007199254740991'].map(parseOffset)).toEqual([0, 1, 42, 9007199254740991]);
    for (const bad of [
      '',
      ' 1',
      '-1',
      '01',
      '1.0',
      '1e3',
      '0x10',
      '9007199254740992',
      '12345678901234567',
      7,
      null,
      undefined,
    ]) {
      expect(parseOffset(bad)).toBeUndefined();
    }
    expect(formatOffset(12)).toBe('12');
  });

  test('offsets compare as numbers, not as text', () => {
    expect(compareOffsets('9', '10')).toBeLessThan(0);
    expect(compareOffsets('10', '9')).toBeGreaterThan(0);
    expect(compareOffsets('123', '123')).toBe(0);
  });

  test('epochs are 12 base64url characters, and differ every time', () => {
    const epochs = new Set(Array.from({ length: 1000 }, () => createEpoch()));
    expect(epochs.size).toBe(1000);
    for (const epoch of epochs) expect(epoch).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect([isEpoch('abc'), isEpoch(''), isEpoch('a b'), isEpoch('x'.repeat(65)), isEpoch(5)]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('HistoryRing', () => {
  const entry = (offset: number) => ({ offset: String(offset) }) as IHistoryEntry;

  test('keeps the last capacity entries and returns those after an offset, oldest first', () => {
    const ring = new HistoryRing(3);
    for (let offset = 1; offset <= 5; offset++) ring.push(entry(offset));
    expect(ring.head).toBe(5);
    expect(ring.after(0).map(item => item.offset)).toEqual(['3', '4', '5']);
    expect(ring.after(3).map(item => item.offset)).toEqual(['4', '5']);
    expect(ring.after(5)).toEqual([]);
  });

  test('refuses an entry whose offset does not follow the head', () => {
    const ring = new HistoryRing(3);
    ring.push(entry(1));
    expect(() => ring.push(entry(3))).toThrow('HistoryRing: entry 3 pushed after 1; offsets must be consecutive');
  });
});
