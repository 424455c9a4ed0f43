import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { type Duplex } from 'node:stream';
import { afterEach, describe, expect, test } from '@jest/globals';
import { WebSocketServer, type WebSocket } from 'ws';
import { createApp, createConsoleLogger, type SocketApp } from '../../src/index.js';
import { rawUpgrade, upgradeRequest, waitForConnections } from '../support/rawUpgrade.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

type UpgradeListener = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

interface IHost {
  server: http.Server;
  app: SocketApp;
  port: number;
  close(): Promise<void>;
}

/** An http server with a-socket and one more `upgrade` listener, registered before or after a-socket's. */
async function startHost(other: UpgradeListener, order: 'before' | 'after', upgradeTimeout?: number): Promise<IHost> {
  const server = http.createServer();
  if (order === 'before') server.on('upgrade', other);
  const app = createApp({
    server,
    logger: createConsoleLogger('silent'),
    config: { modules: { 'a-socket': { timeout: upgradeTimeout === undefined ? {} : { upgrade: upgradeTimeout } } } },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  await app.appReady();
  if (order === 'after') server.on('upgrade', other);
  return {
    server,
    app,
    port: (server.address() as AddressInfo).port,
    async close() {
      await app.appClose();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

const clients: TestClient[] = [];
const sockets: net.Socket[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map(client => client.close()));
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connect(url: string): TestClient {
  const client = new TestClient(url);
  clients.push(client);
  return client;
}

/** A ws server on `/other` in noServer mode (as ws's README shares one http server), echoing what it gets. */
function otherWsServer(): { wss: WebSocketServer; listener: UpgradeListener; seen: string[] } {
  const wss = new WebSocketServer({ noServer: true });
  const seen: string[] = [];
  const onConnection = (ws: WebSocket) => {
    ws.send('other here');
    ws.on('message', data => ws.send(`echo ${data.toString()}`));
  };
  const listener: UpgradeListener = (request, socket, head) => {
    seen.push(request.url ?? '');
    if (request.url === '/other') wss.handleUpgrade(request, socket, head, onConnection);
  };
  cleanups.push(() => new Promise<void>(resolve => wss.close(() => resolve())));
  return { wss, listener, seen };
}

describe('a-socket the only upgrade listener', () => {
  let server: ITestServer;

  afterEach(async () => {
    await server.close();
  });

  test.each(['/other', '/wsx', '/ws/%2e%2e'])(
    'an upgrade to %s is answered 400, its socket is closed, and the server carries on',
    async path => {
      server = await startTestServer();
      const answer = await rawUpgrade(server.port, path);
      sockets.push(answer.socket);
      expect(answer.status).toBe(400);
      // The client keeps its side open: only a server that destroys the socket gets to 0.
      await waitForConnections(server.server, 0);
      await connect(server.wsUrl('/ws')).ready();
    },
  );
});

describe('a-socket beside another upgrade listener', () => {
  test.each(['before', 'after'] as const)(
    'a second upgrade listener for /other registered %s a-socket still gets and completes its upgrades',
    async order => {
      const other = otherWsServer();
      const host = await startHost(other.listener, order, 50);
      cleanups.push(() => host.close());
      const otherClient = connect(`ws://127.0.0.1:${host.port}/other`);
      await waitFor(() => otherClient.frames.includes('other here'));
      // Deadlines expire in order: once an upgrade sent later has met its deadline, /other's has too.
      const late = await rawUpgrade(host.port, '/nobody');
      sockets.push(late.socket);
      expect(late.status).toBe(400);
      otherClient.send('still there');
      await waitFor(() => otherClient.frames.includes('echo still there'));
      await connect(`ws://127.0.0.1:${host.port}/ws`).ready();
    },
  );

  test('a listener that takes its time (an asynchronous check) still completes its upgrade within timeout.upgrade', async () => {
    const wss = new WebSocketServer({ noServer: true });
    cleanups.push(() => new Promise<void>(resolve => wss.close(() => resolve())));
    const host = await startHost((request, socket, head) => {
      if (request.url !== '/other') return;
      void new Promise(resolve => setTimeout(resolve, 20)).then(() =>
        wss.handleUpgrade(request, socket, head, ws => ws.send('checked')),
      );
    }, 'after');
    cleanups.push(() => host.close());
    const client = connect(`ws://127.0.0.1:${host.port}/other`);
    await waitFor(() => client.frames.includes('checked'));
  });

  test('an upgrade socket nobody takes is answered 400 and closed after timeout.upgrade', async () => {
    const other = otherWsServer();
    const host = await startHost(other.listener, 'after', 100);
    cleanups.push(() => host.close());
    const answer = await rawUpgrade(host.port, '/nobody');
    sockets.push(answer.socket);
    expect(answer.status).toBe(400);
    expect(other.seen).toEqual(['/nobody']);
    await waitForConnections(host.server, 0);
  });

  test('a client that resets an upgrade socket waiting for its deadline does not crash the process, and the socket is closed', async () => {
    const other = otherWsServer();
    const host = await startHost(other.listener, 'after', 60_000);
    cleanups.push(() => host.close());
    const socket = net.connect(host.port, '127.0.0.1', () => socket.write(upgradeRequest('/nobody')));
    socket.on('error', () => undefined);
    await waitFor(() => other.seen.length === 1);
    socket.resetAndDestroy();
    await waitForConnections(host.server, 0);
    await connect(`ws://127.0.0.1:${host.port}/ws`).ready();
  });

  test('appClose answers the upgrades still waiting for their deadline, so the host server can close', async () => {
    const other = otherWsServer();
    const host = await startHost(other.listener, 'after', 60_000);
    const pending = rawUpgrade(host.port, '/nobody');
    await waitFor(() => other.seen.length === 1);
    await host.app.appClose();
    const answer = await pending;
    sockets.push(answer.socket);
    expect(answer.status).toBe(400);
    await new Promise<void>(resolve => host.server.close(() => resolve()));
  });
});
