import { describe, expect, it } from '@jest/globals';
import { parseBusEnvelope } from '../../src/bus/envelope.js';
import { BUS_ENVELOPE_VERSION, type IBusEnvelope } from '../../src/bus/broadcastBus.js';

const send: IBusEnvelope = {
  v: BUS_ENVELOPE_VERSION,
  worker: 'worker-a',
  kind: 'send',
  id: 'connection-1',
  eventName: 'chat:message',
  data: { text: 'hi' },
  options: { exclude: 'connection-2' },
};
const broadcast: IBusEnvelope = {
  v: BUS_ENVELOPE_VERSION,
  worker: 'worker-a',
  kind: 'broadcast',
  namespace: '/chat',
  eventName: 'reload',
  data: null,
};

describe('parseBusEnvelope', () => {
  it('reads back what JSON.stringify wrote, for both kinds', () => {
    expect(parseBusEnvelope(JSON.stringify(send))).toEqual({ ok: true, envelope: send });
    expect(parseBusEnvelope(JSON.stringify(broadcast))).toEqual({ ok: true, envelope: broadcast });
  });

  it.each([
    ['not JSON', 'hello', /^not JSON/],
    ['a JSON array', '[1,2]', /not a JSON object \(got an array\)/],
    ['JSON null', 'null', /not a JSON object \(got null\)/],
    ['another envelope version', JSON.stringify({ ...broadcast, v: 2 }), /envelope version 2, this process reads 1/],
    ['no version', JSON.stringify({ ...broadcast, v: undefined }), /envelope version missing/],
    ['no worker', JSON.stringify({ ...broadcast, worker: '' }), /worker is "", not a worker id/],
    ['no event name', JSON.stringify({ ...broadcast, eventName: 7 }), /eventName is 7/],
    [
      'an unknown kind',
      JSON.stringify({ ...broadcast, kind: 'rooms' }),
      /kind is "rooms", expected send, broadcast, join or leave/,
    ],
    ['a send without id', JSON.stringify({ ...send, id: undefined }), /send envelope with id missing/],
    ['a broadcast without namespace', JSON.stringify({ ...broadcast, namespace: null }), /namespace null/],
    ['options that are not an object', JSON.stringify({ ...send, options: 'x' }), /options is "x", not an object/],
  ])('refuses %s and says why', (_label, text, reason) => {
    const result = parseBusEnvelope(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it('keeps the reason short when the foreign value is huge', () => {
    const result = parseBusEnvelope(JSON.stringify({ ...broadcast, kind: 'x'.repeat(10_000) }));
    expect(result.ok ? '' : result.reason.length).toBeLessThan(100);
  });
});

describe('parseBusEnvelope with room envelopes', () => {
  const join = { v: BUS_ENVELOPE_VERSION, worker: 'w1', kind: 'join', id: 'c1', room: 'lobby' };

  it('accepts join and leave envelopes, which carry no event', () => {
    expect(parseBusEnvelope(JSON.stringify(join))).toEqual({ ok: true, envelope: join });
    expect(parseBusEnvelope(JSON.stringify({ ...join, kind: 'leave' })).ok).toBe(true);
  });

  it('rejects a room envelope without a connection id or a room', () => {
    expect(parseBusEnvelope(JSON.stringify({ ...join, id: '' }))).toMatchObject({
      ok: false,
      reason: /join envelope with id/,
    });
    expect(parseBusEnvelope(JSON.stringify({ ...join, room: 3 }))).toMatchObject({
      ok: false,
      reason: /join envelope with room 3/,
    });
  });
});
