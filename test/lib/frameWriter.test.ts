import { type Socket } from 'node:net';
import { describe, expect, jest, test } from '@jest/globals';
import * as wsModule from 'ws';
import { type WebSocket } from 'ws';
import type { ISocketWebSocket } from '../../src/index.js';
import { FLUSH_BYTES, textFrame, writeTextFrame } from '../../src/lib/frameWriter.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { TestClient } from '../support/wsClient.js';

/** ws exports its Sender at run time; @types/ws does not declare it. */
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };

/** ws's own framing of an unmasked text frame, header and payload joined. */
function wsFrame(payload: string): Buffer {
  const parts = Sender.frame(Buffer.from(payload), {
    fin: true,
    opcode: 1,
    mask: false,
    readOnly: false,
    rsv1: false,
  });
  return Buffer.concat(parts);
}

describe('textFrame', () => {
  test.each([0, 1, 125, 126, 65535, 65536, 70000])('builds the frame ws builds for a %i-byte payload', length => {
    const payload = 'x'.repeat(length);
    expect(textFrame(payload).equals(wsFrame(payload))).toBe(true);
    expect(textFrame(Buffer.from(payload)).equals(wsFrame(payload))).toBe(true);
  });

  test('counts UTF-8 bytes, not characters', () => {
    const payload = '_:["héllo","✓ 😀"]';
    expect(textFrame(payload).equals(wsFrame(payload))).toBe(true);
  });
});

describe('writeTextFrame on a live connection', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function connect(): Promise<{ client: TestClient; ws: ISocketWebSocket; socket: Socket }> {
    server = await fixture.start();
    const client = fixture.client(server.wsUrl('/ws'));
    const id = await client.ready();
    const ws = server.app.registry.get(id);
    if (!ws) throw new Error('not registered');
    return { client, ws, socket: (ws as unknown as { _socket: Socket })._socket };
  }

  test('the frames one socket gets in one tick leave in one write, in order', async () => {
    const { client, ws, socket } = await connect();
    const writev = jest.spyOn(socket as unknown as { _writev: () => void }, '_writev');
    const write = jest.spyOn(socket as unknown as { _write: () => void }, '_write');
    for (let n = 1; n <= 5; n++) server.app.socketEvent.send(ws.id, 'tick', n);
    expect(socket.writableCorked).toBe(1);
    // Corked bytes are waiting bytes: the slow-consumer check sees them.
    expect(ws.bufferedAmount).toBeGreaterThan(0);
    await new Promise(resolve => process.nextTick(resolve));
    expect(socket.writableCorked).toBe(0);
    expect(write).not.toHaveBeenCalled();
    expect(writev).toHaveBeenCalledTimes(1);
    await client.nextEvent(event => event.name === 'tick' && event.data === 5);
    expect(client.events.filter(event => event.name === 'tick').map(event => event.data)).toEqual([1, 2, 3, 4, 5]);
  });

  test('frames written by ws itself in the same tick keep their place', async () => {
    const { client, ws } = await connect();
    server.app.socketEvent.send(ws.id, 'first', 1);
    ws.send('_:["middle",2]');
    ws.sendEvent('last', 3);
    await client.nextEvent(event => event.name === 'last');
    expect(client.events.slice(1).map(event => event.name)).toEqual(['first', 'middle', 'last']);
  });

  test(`a socket with ${FLUSH_BYTES} bytes waiting is flushed at once, not held until the end of the tick`, async () => {
    const { client, ws, socket } = await connect();
    const big = 'y'.repeat(FLUSH_BYTES / 2);
    server.app.socketEvent.send(ws.id, 'big', big);
    expect(socket.writableCorked).toBe(1);
    server.app.socketEvent.send(ws.id, 'big', big);
    expect(socket.writableCorked).toBe(0);
    server.app.socketEvent.send(ws.id, 'small', 1);
    await client.nextEvent(event => event.name === 'small');
    expect(client.events.slice(1).map(event => event.name)).toEqual(['big', 'big', 'small']);
  });

  test('a send callback runs once the frame is written', async () => {
    const { ws } = await connect();
    const written = new Promise<Error | null | undefined>(resolve => ws.sendEvent('cb', 1, undefined, resolve));
    expect(await written).toBeFalsy();
  });
});

test('without the ws internals it relies on, a frame goes through ws.send', () => {
  const send = jest.fn();
  const ws = { send } as unknown as WebSocket;
  const cb = () => undefined;
  writeTextFrame(ws, textFrame('_:["a",1]'), '_:["a",1]', cb);
  expect(send).toHaveBeenCalledWith('_:["a",1]', { binary: false }, cb);
});
