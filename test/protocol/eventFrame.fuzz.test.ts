import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { encodeEventFrame, parseEventFrame } from '../../src/protocol/eventFrame.js';
import { SYSTEM_EVENT_CODES } from '../../src/protocol/systemEvents.js';

const SHORT_CODES = new Set<string>(Object.values(SYSTEM_EVENT_CODES));
const SYSTEM_NAMES = Object.keys(SYSTEM_EVENT_CODES);

/** What the data looks like after a trip through JSON (undefined → null, -0 → 0). */
function throughJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

const prefixes = fc.oneof(fc.constant('_:'), fc.string({ minLength: 1, maxLength: 4 }));
/** Strings that start like a frame, so the parser gets past its prefix check. */
const frameLike = fc
  .tuple(fc.constantFrom('_:', '_:[', '_:["', '_:["_b",'), fc.string({ unit: 'binary', maxLength: 200 }))
  .map(([start, rest]) => start + rest);

describe('parseEventFrame (property-based)', () => {
  test('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(prefixes, fc.oneof(fc.anything(), fc.string({ unit: 'binary' }), frameLike), (prefix, frame) => {
        const parsed = parseEventFrame(prefix, frame);
        expect(
          Array.isArray(parsed) && (parsed.length === 2 || (parsed.length === 3 && typeof parsed[2] === 'string')),
        ).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('a frame that is not an event comes back as [undefined, frame], the frame itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          frameLike,
          fc.uint8Array().map(bytes => Buffer.from(bytes)),
        ),
        frame => {
          const [eventName, data] = parseEventFrame('_:', frame);
          if (eventName === undefined) expect(data).toBe(frame);
          else expect(typeof frame === 'string' && frame.startsWith('_:')).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('round-trips every event it encodes: any name that is not a short code, any JSON data, any prefix', () => {
    fc.assert(
      fc.property(
        prefixes,
        fc.string({ unit: 'binary' }).filter(name => !SHORT_CODES.has(name)),
        fc.jsonValue(),
        (prefix, eventName, data) => {
          expect(parseEventFrame(prefix, encodeEventFrame(prefix, eventName, data))).toEqual([
            eventName,
            throughJson(data),
          ]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('system events travel as their short codes and come back as their names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYSTEM_NAMES), fc.jsonValue(), (eventName, data) => {
        const frame = encodeEventFrame('_:', eventName, data);
        expect(frame.startsWith(`_:["${SYSTEM_EVENT_CODES[eventName as keyof typeof SYSTEM_EVENT_CODES]}",`)).toBe(
          true,
        );
        expect(parseEventFrame('_:', frame)).toEqual([eventName, throughJson(data)]);
      }),
    );
  });

  test('an event named like a short code is read as that system event: short codes are reserved names', () => {
    expect(parseEventFrame('_:', encodeEventFrame('_:', '_a', 1))).toEqual(['sysReady', 1]);
  });
});
