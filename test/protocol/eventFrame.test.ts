import { expect, test } from '@jest/globals';
import { encodeEventFrame, parseEventFrame } from '../../src/protocol/eventFrame.js';
import { eventNameOfWire, eventWireName } from '../../src/protocol/systemEvents.js';

test('encodeEventFrame writes prefix + JSON [name, data], system names as their short codes', () => {
  expect(encodeEventFrame('_:', 'chat:message', { text: 'hi' })).toBe('_:["chat:message",{"text":"hi"}]');
  expect(encodeEventFrame('_:', 'sysReady', { id: 'x' })).toBe('_:["_a",{"id":"x"}]');
  expect(encodeEventFrame('_:', 'sysPerformAction', { i: 7, m: 'post', p: '/api/echo', b: 1 })).toBe(
    '_:["_b",{"i":7,"m":"post","p":"/api/echo","b":1}]',
  );
  expect(encodeEventFrame('_:', 'sysPerformActionBack', { i: 7, c: 0, d: null })).toBe(
    '_:["_c",{"i":7,"c":0,"d":null}]',
  );
  expect(encodeEventFrame('_:', 'sysPassportExpiring', { expiresAt: 1 })).toBe(
    '_:["sysPassportExpiring",{"expiresAt":1}]',
  );
  expect(encodeEventFrame('@@', 'x', undefined)).toBe('@@["x",null]');
});

test('encodeEventFrame throws for data JSON cannot carry, so the caller hears of it', () => {
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  expect(() => encodeEventFrame('_:', 'x', cyclic)).toThrow(TypeError);
  expect(() => encodeEventFrame('_:', 'x', 1n)).toThrow(TypeError);
});

test('names of Object.prototype are ordinary event names, not system events', () => {
  for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
    expect(eventWireName(name)).toBe(name);
    expect(eventNameOfWire(name)).toBe(name);
  }
});

test('parseEventFrame maps short codes back to system names and leaves other names as they are', () => {
  expect(parseEventFrame('_:', '_:["_a",{"id":"c1"}]')).toEqual(['sysReady', { id: 'c1' }]);
  expect(parseEventFrame('_:', '_:["_b",{"i":1}]')).toEqual(['sysPerformAction', { i: 1 }]);
  expect(parseEventFrame('_:', '_:["_c",{"i":1,"c":0,"d":2}]')).toEqual(['sysPerformActionBack', { i: 1, c: 0, d: 2 }]);
  expect(parseEventFrame('_:', '_:["reload"]')).toEqual(['reload', undefined]);
  expect(parseEventFrame('_:', '_:["_z",1]')).toEqual(['_z', 1]);
  expect(parseEventFrame('#', '#["x",[1]]')).toEqual(['x', [1]]);
});

test('parseEventFrame reads an array of one to three elements (a third only as a decimal offset) whose first is a string as an event, and nothing else', () => {
  const bytes = new Uint8Array([1, 2, 3]);
  for (const frame of [
    'plain text',
    '',
    '_:',
    '_:{oops',
    '_:{"a":1}',
    '_:[1,"x"]',
    '_:[]',
    '_:null',
    '_:["e",1,2]',
    '_:["e",1,"offset"]',
    '_:["e",1,""]',
    '_:["e",1,"-1"]',
    '_:["e",1,"1.5"]',
    '_:["e",1,"123456789012345678901"]',
    '_:["e",1,"7",4]',
    '"_:[\\"x\\"]"',
    bytes,
  ]) {
    expect(parseEventFrame('_:', frame)).toEqual([undefined, frame]);
  }
  expect(parseEventFrame('#', '_:["x",1]')).toEqual([undefined, '_:["x",1]']);
});

test('round trip: parse(encode(name, data)) gives back the name and the data', () => {
  for (const [name, data] of [
    ['sysReady', { id: 'a' }],
    ['sysPerformActionBack', { i: 3, c: 404, m: 'Not Found' }],
    ['demo:x', [1, { y: 'z' }]],
    ['toString', 'not a system name'],
  ] as const) {
    expect(parseEventFrame('_:', encodeEventFrame('_:', name, data))).toEqual([name, data]);
  }
});

test('an event of a history namespace carries its offset as a third element, read back by the same codec', () => {
  expect(encodeEventFrame('_:', 'tick', { seq: 1 }, '42')).toBe('_:["tick",{"seq":1},"42"]');
  expect(encodeEventFrame('_:', 'tick', undefined, '1')).toBe('_:["tick",null,"1"]');
  expect(parseEventFrame('_:', '_:["tick",{"seq":1},"42"]')).toEqual(['tick', { seq: 1 }, '42']);
  expect(parseEventFrame('_:', '_:["tick",null,"12345678901234567890"]')).toEqual([
    'tick',
    null,
    '12345678901234567890',
  ]);
  // Vona's client reads two elements: the frame stays a valid JSON array whose first two elements are the event.
  const [name, data] = JSON.parse(encodeEventFrame('_:', 'x', [1], '9').slice(2)) as unknown[];
  expect([name, data]).toEqual(['x', [1]]);
  expect(parseEventFrame('_:', encodeEventFrame('_:', 'sysReady', { id: 'a' }, '3'))).toEqual([
    'sysReady',
    { id: 'a' },
    '3',
  ]);
});
