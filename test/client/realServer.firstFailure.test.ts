/**
 * What a client tells when it cannot connect: an upgrade answered with a 4xx stops it (retrying would get the same
 * answer) and rejects `ready` with `upgrade_refused`; any other first failure (a closed port) rejects the `ready`
 * of that first attempt with `connect_failed` while the client keeps trying, so `await client.ready` after
 * `connect()` never hangs in silence, with or without an `onError` handler.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from '@jest/globals';
import { SocketClientError, type WebSocketClient } from '../../src/client/index.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { startRealServer, type RealServer } from './support/realServer.js';
import { settle, until } from './support/wait.js';

const servers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await closeClients();
  await Promise.all(servers.splice(0).map(server => server.close()));
});

async function startServer(options: Parameters<typeof startRealServer>[0] = {}): Promise<RealServer> {
  const server = await startRealServer(options);
  servers.push(server);
  return server;
}

/** An HTTP server that answers every upgrade with `status` (as a proxy or an auth gateway might); counts them. */
async function startRefusingServer(status: number): Promise<{ url: string; readonly upgrades: number }> {
  const server = http.createServer();
  let upgrades = 0;
  server.on('upgrade', (_req, socket) => {
    upgrades++;
    // After 'upgrade' Node no longer listens for the socket's errors: a client that resets the connection while
    // the answer is written (ECONNRESET) would otherwise be an uncaught exception that fails the whole file.
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(() => resolve()));
    },
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    get upgrades() {
      return upgrades;
    },
  };
}

/** A port nothing listens on: bound once by the system, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** The outcome of a `ready` promise as it settles: `'pending'` until then. */
function watchReady(client: WebSocketClient): { outcome: unknown } {
  const watched: { outcome: unknown } = { outcome: 'pending' };
  client.ready.then(
    id => (watched.outcome = id),
    (error: unknown) => (watched.outcome = error),
  );
  return watched;
}

test('an undeclared namespace (HTTP 404 on the upgrade) stops the client and rejects ready with upgrade_refused', async () => {
  const server = await startServer();
  const client = makeClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
  const closes: [number, boolean][] = [];
  client.onClose((close, willReconnect) => closes.push([close.code, willReconnect]));
  client.connect(server.wsUrl({ namespace: '/nowhere', passportCode: 'secret-code' }));
  const ready = watchReady(client);

  await until(() => closes.length > 0);
  expect(closes).toEqual([[1006, false]]);
  expect(client.state).toBe('closed');
  await until(() => ready.outcome !== 'pending');
  const error = ready.outcome as SocketClientError;
  expect(error).toBeInstanceOf(SocketClientError);
  expect(error).toMatchObject({ code: 'upgrade_refused', status: 404 });
  expect(error.message).toBe(
    `the server answered the WebSocket upgrade of ws://127.0.0.1:${server.port}/ws/nowhere with HTTP 404 ` +
      '(no such path: is the namespace declared on the server?); the client stopped, as retrying would get the same answer',
  );
  expect(error.message).not.toContain('secret-code');
  expect(error.cause).toBeInstanceOf(Error);
  // Ten times the largest delay: a client that retried would have come back by now.
  await settle(200);
  expect(server.upgrades).toBe(1);
  await expect(client.ready).rejects.toBe(error);
});

test.each([400, 401, 403])('an upgrade answered with HTTP %i stops the client after one attempt', async status => {
  const server = await startRefusingServer(status);
  const client = makeClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
  client.connect(server.url);
  const ready = watchReady(client);
  await until(() => ready.outcome !== 'pending');
  expect(ready.outcome).toMatchObject({ name: 'SocketClientError', code: 'upgrade_refused', status });
  expect(client.state).toBe('closed');
  await settle(200);
  expect(server.upgrades).toBe(1);
});

test('an upgrade answered with 429 (too many requests) is retried like a lost connection', async () => {
  const server = await startRefusingServer(429);
  const client = makeClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
  client.connect(server.url);
  const ready = watchReady(client);
  await until(() => ready.outcome !== 'pending');
  expect(ready.outcome).toMatchObject({ code: 'connect_failed' });
  expect((ready.outcome as Error).message).toContain('Unexpected server response: 429');
  await until(() => server.upgrades >= 3);
  expect(client.state).not.toBe('closed');
});

test('a closed port rejects the first ready with connect_failed, without onError, and the client connects once the server is there', async () => {
  const port = await closedPort();
  const client = makeClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
  const url = `ws://127.0.0.1:${port}/ws`;
  client.connect(url);
  const first = watchReady(client);

  await until(() => first.outcome !== 'pending');
  const error = first.outcome as SocketClientError;
  expect(error).toBeInstanceOf(SocketClientError);
  expect(error.code).toBe('connect_failed');
  expect(error.message).toBe(
    `could not connect to ${url}: connect ECONNREFUSED 127.0.0.1:${port}; the client keeps trying ` +
      '(reconnect options): await client.ready again, or use onReady, to learn when it connects',
  );
  expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  expect(client.state).not.toBe('closed');

  // Later attempts fail quietly; ready now waits for the connection the client keeps trying to make.
  const later = watchReady(client);
  await until(() => client.state === 'reconnecting');
  await startServer({ port });
  await until(() => later.outcome !== 'pending');
  expect(later.outcome).toEqual(client.id);
  expect(client.state).toBe('ready');
});

test('after a first successful connection a refused reconnect leaves ready pending, as before', async () => {
  const first = await startServer();
  const client = makeClient({ reconnect: { initialDelay: 10, maxDelay: 20 } });
  const closes: number[] = [];
  client.onClose(close => closes.push(close.code));
  client.connect(first.wsUrl());
  await client.ready;
  await first.close();
  await until(() => closes.length >= 2);
  const ready = watchReady(client);
  await settle(50);
  expect(ready.outcome).toBe('pending');
  await startServer({ port: first.port });
  await until(() => ready.outcome !== 'pending');
  expect(ready.outcome).toEqual(client.id);
});
