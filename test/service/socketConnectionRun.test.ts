import http from 'node:http';
import { describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  defineModule,
  SocketPacket,
  type ISocketPacketExecute,
  type ISocketWebSocket,
  type SocketPacketNext,
} from '../../src/index.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';

/** Answers `whoami` with the ctx id it sees before and after an await, from `this.ctx`. */
@SocketPacket({ dependencies: 'a-socket:performAction' })
class SocketPacketWhoAmI extends BeanBase implements ISocketPacketExecute {
  async execute(data: unknown, ws: ISocketWebSocket, _options: object, next: SocketPacketNext) {
    const [eventName] = data as [string | undefined, unknown];
    if (eventName !== 'whoami') return next();
    const before = this.ctx?.id;
    await new Promise(resolve => setTimeout(resolve, 1 + Math.floor(Math.random() * 5)));
    ws.sendEvent('whoami', { before, after: this.ctx?.id });
  }
}

const moduleWhoAmI = defineModule({ name: 'test-whoami', beans: [SocketPacketWhoAmI] });

describe('a connection holds little while idle', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function connect() {
    const client = fixture.client(server.wsUrl('/ws'));
    const id = await client.ready();
    const ws = server.app.registry.get(id);
    if (!ws) throw new Error('not registered');
    return { client, ws };
  }

  test('packet onions read their own connection as this.ctx, also after an await, with several connections at once', async () => {
    server = await fixture.start({ modules: [moduleWhoAmI] });
    const connections = await Promise.all([connect(), connect(), connect()]);
    for (let round = 0; round < 3; round++) for (const { client } of connections) client.sendEvent('whoami', null);
    for (const { client, ws } of connections) {
      for (let round = 0; round < 3; round++) {
        const event = await client.nextEvent(e => e.name === 'whoami');
        expect(event.data).toEqual({ before: ws.id, after: ws.id });
      }
    }
  });

  test('every connection shares the same socket listeners', async () => {
    server = await fixture.start();
    const first = await connect();
    const second = await connect();
    for (const event of ['message', 'close', 'error', 'pong']) {
      expect(first.ws.listeners(event)).toEqual(second.ws.listeners(event));
    }
  });

  test('ctx.signal made while open aborts on close', async () => {
    server = await fixture.start();
    const { client, ws } = await connect();
    const signal = ws.ctx.signal;
    expect(signal.aborted).toBe(false);
    expect(ws.ctx.signal).toBe(signal);
    await client.close();
    await waitFor(() => signal.aborted);
    expect(String(signal.reason)).toContain(`connection ${ws.id} closed`);
  });

  test('ctx.signal first asked for after the close comes aborted', async () => {
    server = await fixture.start();
    const { client, ws } = await connect();
    await client.close();
    await waitFor(() => server.app.registry.size === 0);
    expect(ws.ctx.signal.aborted).toBe(true);
    expect(String(ws.ctx.signal.reason)).toContain(`connection ${ws.id} closed`);
  });

  test('the 101 response and sysReady leave together when the connection chain needs no I/O', async () => {
    server = await fixture.start();
    const head = await new Promise<Buffer>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port: server.port,
        path: '/ws',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        },
      });
      request.on('upgrade', (_response, socket, rest: Buffer) => {
        socket.destroy();
        resolve(rest);
      });
      request.on('error', reject);
      request.end();
    });
    // Whatever arrived with the 101 response: the sysReady frame, unmasked text (0x81).
    expect(head[0]).toBe(0x81);
    expect(head.subarray(2).toString()).toMatch(/^_:\["_a",\{"id":"[0-9a-f-]{36}"\}\]$/);
  });
});
