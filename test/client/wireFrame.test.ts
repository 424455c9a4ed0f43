import { expect, test } from '@jest/globals';
import { decodeFrame, encodeFrame } from '../../src/client/wireFrame.js';
import { encodeEventFrame } from '../../src/protocol/eventFrame.js';

// The rules of the codec are tested once, in test/protocol/eventFrame.test.ts; here, that the client uses them.

test('the client encodes with the protocol codec', () => {
  expect(encodeFrame).toBe(encodeEventFrame);
});

test('decodeFrame gives an event as { kind: event } with the name mapped back, anything else as fallback with the raw message', () => {
  expect(decodeFrame('_:', '_:["_a",{"id":"c1"}]')).toEqual({
    kind: 'event',
    eventName: 'sysReady',
    data: { id: 'c1' },
  });
  expect(decodeFrame('_:', '_:["reload"]')).toEqual({ kind: 'event', eventName: 'reload', data: undefined });
  const bytes = new Uint8Array([1, 2, 3]);
  for (const raw of ['plain text', '_:{oops', '_:[]', bytes])
    expect(decodeFrame('_:', raw)).toEqual({ kind: 'fallback', raw });
});

test('the client reads a frame of three elements as the server does: not an event', () => {
  expect(decodeFrame('_:', '_:["e",1,2]')).toEqual({ kind: 'fallback', raw: '_:["e",1,2]' });
});
