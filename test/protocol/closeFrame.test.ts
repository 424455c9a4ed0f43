import { PassThrough, type Duplex } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import * as ws from 'ws';
import {
  clipCloseReason,
  isSendableCloseCode,
  MAX_CLOSE_REASON_BYTES,
  utf8ByteLength,
} from '../../src/protocol/closeFrame.js';

/** ws's frame sender, which validates close frames; exported by ws but not declared in @types/ws. */
const { Sender } = ws as unknown as {
  Sender: new (socket: Duplex) => { close(code: number, reason: string, mask: boolean): void };
};

describe('closeFrame', () => {
  test('a reason of at most 123 UTF-8 bytes is kept as it is', () => {
    for (const reason of ['', 'members only', 'x'.repeat(123), 'é'.repeat(61), '😀'.repeat(30)]) {
      expect(clipCloseReason(reason)).toBe(reason);
    }
  });

  test('a longer reason is cut to at most 123 bytes at a character boundary, never inside a character', () => {
    expect(clipCloseReason('x'.repeat(300))).toBe('x'.repeat(123));
    // 'é' is 2 bytes: 61 of them are 122 bytes, a 62nd would not fit whole.
    expect(clipCloseReason('é'.repeat(150))).toBe('é'.repeat(61));
    // '€' is 3 bytes: 41 of them are exactly 123.
    expect(clipCloseReason('€'.repeat(100))).toBe('€'.repeat(41));
    // '😀' is a surrogate pair, 4 bytes: 30 of them are 120 bytes, and the pair is never split.
    expect(clipCloseReason('😀'.repeat(75))).toBe('😀'.repeat(30));
    expect(clipCloseReason(`${'x'.repeat(121)}😀`)).toBe('x'.repeat(121));
    for (const reason of ['é'.repeat(150), `a${'😀'.repeat(75)}`, `ab${'€'.repeat(100)}`, `é${'😀'.repeat(40)}`]) {
      const clipped = clipCloseReason(reason);
      expect(reason.startsWith(clipped)).toBe(true);
      expect(Buffer.byteLength(clipped)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
      expect(Buffer.byteLength(clipped)).toBeGreaterThan(MAX_CLOSE_REASON_BYTES - 4);
      // No character was split: the UTF-8 bytes decode back to the same text, without U+FFFD.
      expect(Buffer.from(clipped).toString()).toBe(clipped);
    }
  });

  test('utf8ByteLength counts as Buffer.byteLength does, lone surrogates as U+FFFD', () => {
    for (const text of ['', 'abc', 'é€😀', '\ud800x', 'x\udc00', '😀'.repeat(10)]) {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text));
    }
  });

  test('the codes a peer may send are exactly those ws accepts, in whole numbers', () => {
    const valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999];
    const invalid = [0, -1, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535, 1000.5, NaN, Infinity];
    for (const code of valid) expect(isSendableCloseCode(code)).toBe(true);
    for (const code of invalid) expect(isSendableCloseCode(code)).toBe(false);
  });

  test('ws agrees: its sender accepts every sendable code and a clipped reason, and throws on the others', () => {
    const sender = new Sender(new PassThrough());
    const closeThrows = (code: number, reason = '') => {
      try {
        sender.close(code, reason, false);
        return false;
      } catch {
        return true;
      }
    };
    const around = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
    for (const code of [...around(0, 1100), ...around(2990, 3010), ...around(3990, 4010), ...around(4990, 5010)]) {
      expect(closeThrows(code)).toBe(!isSendableCloseCode(code));
    }
    expect(closeThrows(1000, 'é'.repeat(62))).toBe(true);
    expect(closeThrows(1000, clipCloseReason('é'.repeat(62)))).toBe(false);
  });
});
