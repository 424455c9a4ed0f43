import { expect, test } from '@jest/globals';
import { decodeFrame, encodeFrame } from '../../src/client/wireFrame.js';

test('encodeFrame writes prefix + JSON [name, data], system names as their short codes', () => {
  expect(encodeFrame('_:', 'chat:message', { text: 'hi' })).toBe('_:["chat:message",{"text":"hi"}]');
  expect(encodeFrame('_:', 'sysReady', { id: 'x' })).toBe('_:["_a",{"id":"x"}]');
  expect(encodeFrame('_:', 'sysPerformAction', { i: 7, m: 'post', p: '/api/echo', b: 1 })).toBe(
    '_:["_b",{"i":7,"m":"post","p":"/api/echo","b":1}]',
  );
  expect(encodeFrame('_:', 'sysPerformActionBack', { i: 7, c: 0, d: null })).toBe('_:["_c",{"i":7,"c":0,"d":null}]');
  expect(encodeFrame('@@', 'x', undefined)).toBe('@@["x",null]');
});

test('encodeFrame throws for data JSON cannot carry, so the caller hears of it', () => {
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  expect(() => encodeFrame('_:', 'x', cyclic)).toThrow(TypeError);
  expect(() => encodeFrame('_:', 'x', 1n)).toThrow(TypeError);
});

test('decodeFrame maps short codes back to system names and leaves other names as they are', () => {
  expect(decodeFrame('_:', '_:["_a",{"id":"c1"}]')).toEqual({
    kind: 'event',
    eventName: 'sysReady',
    data: { id: 'c1' },
  });
  expect(decodeFrame('_:', '_:["_b",{"i":1}]')).toMatchObject({ eventName: 'sysPerformAction' });
  expect(decodeFrame('_:', '_:["_c",{"i":1,"c":0,"d":2}]')).toMatchObject({ eventName: 'sysPerformActionBack' });
  expect(decodeFrame('_:', '_:["reload"]')).toEqual({ kind: 'event', eventName: 'reload', data: undefined });
  expect(decodeFrame('_:', '_:["_z",1]')).toEqual({ kind: 'event', eventName: '_z', data: 1 });
  expect(decodeFrame('#', '#["x",[1]]')).toEqual({ kind: 'event', eventName: 'x', data: [1] });
});

test('decodeFrame never throws: anything that is not an event comes back as fallback with the raw message', () => {
  const bytes = new Uint8Array([1, 2, 3]);
  for (const raw of [
    'plain text',
    '',
    '_:',
    '_:{oops',
    '_:{"a":1}',
    '_:[1,"x"]',
    '_:[]',
    '_:null',
    '"_:[\\"x\\"]"',
    bytes,
  ]) {
    expect(decodeFrame('_:', raw)).toEqual({ kind: 'fallback', raw });
  }
  expect(decodeFrame('#', '_:["x",1]')).toEqual({ kind: 'fallback', raw: '_:["x",1]' });
});

test('round trip: decode(encode(name, data)) gives back the name and the data', () => {
  for (const [name, data] of [
    ['sysReady', { id: 'a' }],
    ['sysPerformActionBack', { i: 3, c: 404, m: 'Not Found' }],
    ['demo:x', [1, { y: 'z' }]],
    ['toString', 'not a system name'],
  ] as const) {
    expect(decodeFrame('_:', encodeFrame('_:', name, data))).toEqual({ kind: 'event', eventName: name, data });
  }
});
