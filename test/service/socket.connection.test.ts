import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { WebSocketServer } from 'ws';
import {
  BeanBase,
  createApp,
  createConsoleLogger,
  defineModule,
  SocketCloseError,
  SocketConnection,
  SocketPacket,
  type ISocketConnectionExecute,
  type ISocketPacketExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
  type SocketPacketNext,
} from '../../src/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

/** What the probe onions saw, and what they are told to do. */
const probe = {
  log: [] as string[],
  enterDelayMs: 0,
  failEnter: undefined as Error | undefined,
  failExit: false,
  failPacket: false,
};

@SocketConnection({ dependencies: 'a-socket:ready' })
class SocketConnectionProbe extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    probe.log.push(`enter ${ws.id} ctx=${this.ctx?.id === ws.id}`);
    if (probe.enterDelayMs) await new Promise(resolve => setTimeout(resolve, probe.enterDelayMs));
    if (probe.failEnter) throw probe.failEnter;
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    probe.log.push(`exit ${ws.id}`);
    if (probe.failExit) throw new Error('exit onion failed on purpose');
    return next();
  }
}

/** Answers `ping` events with `pong`, after the built-in parser. */
@SocketPacket({ dependencies: 'a-socket:event' })
class SocketPacketPingPong extends BeanBase implements ISocketPacketExecute {
  execute(data: unknown, ws: ISocketWebSocket, _options: object, next: SocketPacketNext) {
    const [eventName, payload] = data as [string | undefined, unknown];
    if (probe.failPacket) throw new Error('packet onion failed on purpose');
    if (eventName === 'ping') ws.sendEvent('pong', payload);
    return next();
  }
}

const moduleProbe = defineModule({ name: 'test-probe', beans: [SocketConnectionProbe, SocketPacketPingPong] });

describe('connection flow', () => {
  let server: ITestServer;
  const clients: TestClient[] = [];
  const connect = (path = '/ws') => {
    const client = new TestClient(server.wsUrl(path));
    clients.push(client);
    return client;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await server?.close();
    Object.assign(probe, { log: [], enterDelayMs: 0, failEnter: undefined, failExit: false, failPacket: false });
  });

  test('enter runs with ctx set, then sysReady; the exit chain runs when the client closes, then the registry is empty', async () => {
    server = await startTestServer({ modules: [moduleProbe] });
    const client = connect();
    const id = await client.ready();
    expect(probe.log).toEqual([`enter ${id} ctx=true`]);
    expect(server.app.registry.size).toBe(1);
    await client.close();
    await waitFor(() => server.app.registry.size === 0);
    expect(probe.log).toEqual([`enter ${id} ctx=true`, `exit ${id}`]);
  });

  test('messages sent before sysReady are held and answered once the connection is ready', async () => {
    probe.enterDelayMs = 100;
    server = await startTestServer({ modules: [moduleProbe] });
    const client = connect();
    await client.opened;
    for (let n = 1; n <= 3; n++) client.sendEvent('ping', n);
    await client.ready();
    const pongs = [await client.nextEvent(), await client.nextEvent(), await client.nextEvent()];
    expect(pongs).toEqual([1, 2, 3].map(n => ({ name: 'pong', data: n })));
  });

  test('more messages before ready than maxPendingPackets close the connection with 1008', async () => {
    probe.enterDelayMs = 200;
    server = await startTestServer({
      modules: [moduleProbe],
      config: { modules: { 'a-socket': { maxPendingPackets: 2 } } },
    });
    const client = connect();
    await client.opened;
    for (let n = 1; n <= 3; n++) client.sendEvent('ping', n);
    expect((await client.closed).code).toBe(1008);
    await waitFor(() => server.app.registry.total === 0);
  });

  test('a connection onion that throws closes with 1011, sends no sysReady, and its exit chain still runs', async () => {
    probe.failEnter = new Error('enter failed on purpose');
    server = await startTestServer({ modules: [moduleProbe] });
    const client = connect();
    expect(await client.closed).toEqual({ code: 1011, reason: 'connection onion failed' });
    expect(client.events).toEqual([]);
    await waitFor(() => server.app.registry.total === 0);
    expect(probe.log.filter(line => line.startsWith('exit'))).toHaveLength(1);
  });

  test('a connection onion that throws SocketCloseError closes with its code and reason', async () => {
    probe.failEnter = new SocketCloseError(4001, 'members only');
    server = await startTestServer({ modules: [moduleProbe] });
    expect(await connect().closed).toEqual({ code: 4001, reason: 'members only' });
  });

  test('an exit onion that throws still leaves the registry clean', async () => {
    probe.failExit = true;
    server = await startTestServer({ modules: [moduleProbe] });
    const client = connect();
    await client.ready();
    await client.close();
    await waitFor(() => server.app.registry.size === 0);
  });

  test('a client that leaves during enter runs its exit chain once and leaves the registry', async () => {
    probe.enterDelayMs = 150;
    server = await startTestServer({ modules: [moduleProbe] });
    const client = connect();
    await client.opened;
    await waitFor(() => probe.log.length === 1);
    client.ws.terminate();
    await waitFor(() => server.app.registry.total === 0, 2000);
    expect(probe.log.filter(line => line.startsWith('exit'))).toHaveLength(1);
  });

  test('a packet onion that throws is logged and the connection stays open', async () => {
    const errors: string[] = [];
    const logger = { ...createConsoleLogger('silent'), error: (message: string) => errors.push(message) };
    server = await startTestServer({ modules: [moduleProbe], logger });
    const client = connect();
    await client.ready();
    probe.failPacket = true;
    client.sendEvent('ping', 1);
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toContain('packet chain failed');
    probe.failPacket = false;
    client.sendEvent('ping', 2);
    expect(await client.nextEvent()).toEqual({ name: 'pong', data: 2 });
  });

  test('appClose closes every client with 1001 after running every exit chain, and the registry is empty', async () => {
    server = await startTestServer({ modules: [moduleProbe] });
    const first = connect();
    const second = connect('/ws');
    await Promise.all([first.ready(), second.ready()]);
    await server.app.appClose();
    expect((await first.closed).code).toBe(1001);
    expect((await second.closed).code).toBe(1001);
    expect(probe.log.filter(line => line.startsWith('exit'))).toHaveLength(2);
    expect(server.app.registry.total).toBe(0);
  });

  test('upgrades outside the global prefix are left to other upgrade listeners', async () => {
    const host = http.createServer();
    const other = new WebSocketServer({ noServer: true });
    host.on('upgrade', (request, socket, head) => {
      if (request.url === '/other') other.handleUpgrade(request, socket, head, ws => ws.send('other here'));
    });
    const app = createApp({ server: host, logger: createConsoleLogger('silent') });
    await new Promise<void>(resolve => host.listen(0, '127.0.0.1', resolve));
    await app.appReady();
    const port = (host.address() as AddressInfo).port;
    const otherClient = new TestClient(`ws://127.0.0.1:${port}/other`);
    const ourClient = new TestClient(`ws://127.0.0.1:${port}/ws`);
    clients.push(otherClient, ourClient);
    await waitFor(() => otherClient.frames.length === 1);
    expect(otherClient.frames).toEqual(['other here']);
    await ourClient.ready();
    await Promise.all(clients.splice(0).map(client => client.close()));
    await app.appClose();
    other.close();
    await new Promise<void>(resolve => host.close(() => resolve()));
    server = await startTestServer();
  });
});
