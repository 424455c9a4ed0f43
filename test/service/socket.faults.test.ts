import { afterEach, describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import {
  BeanBase,
  defineModule,
  SocketActionError,
  SocketConnection,
  type IActionExecutor,
  type ISocketAppOptions,
  type ISocketConfig,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { SocketConnectionAddressLimit } from '../../src/bean/socketConnection.addressLimit.js';
import { WebSocketClient } from '../../src/client/index.js';
import { type DeepPartial } from '../../src/core/util.js';
import { ActionError } from '../../src/client/actionError.js';
import { captureLogger } from '../support/captureLogger.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

/** What the fault onion is told to do, and the exits it saw. */
const fault = {
  enter: 'none' as 'none' | 'throw' | 'stop',
  throwOnExit: false,
  exits: [] as string[],
  afterFaultExits: [] as string[],
};

/** Faults on demand for connections whose query has `fault=1`; a neighbour without it is left alone. */
@SocketConnection({ dependencies: 'a-socket:ready' })
class SocketConnectionFault extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    if (ws.ctx.query.fault === '1') {
      if (fault.enter === 'throw') throw new Error('enter failed on purpose');
      if (fault.enter === 'stop') return; // never calls next
    }
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    fault.exits.push(ws.id);
    if (fault.throwOnExit && ws.ctx.query.fault === '1') throw new Error('exit failed on purpose');
    return next();
  }
}

/** Placed after the fault onion: shows how far the exit chain got. */
@SocketConnection({ dependencies: 'test-fault:fault' })
class SocketConnectionAfterFault extends BeanBase implements ISocketConnectionExecute {
  async exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    fault.afterFaultExits.push(ws.id);
    return next();
  }
}

const moduleFault = defineModule({ name: 'test-fault', beans: [SocketConnectionFault, SocketConnectionAfterFault] });

describe('faults', () => {
  let server: ITestServer;
  let logger: ReturnType<typeof captureLogger>;
  const clients: TestClient[] = [];
  const sdkClients: WebSocketClient[] = [];

  async function start(options: ISocketAppOptions = {}, socketConfig: DeepPartial<ISocketConfig> = {}) {
    logger = captureLogger();
    server = await startTestServer({
      modules: [moduleFault],
      logger,
      ...options,
      config: { modules: { 'a-socket': { maxConnectionsPerAddress: 50, ...socketConfig } } },
    });
  }

  function connect(query = '', options?: ConstructorParameters<typeof TestClient>[1]): TestClient {
    const client = new TestClient(server.wsUrl(`/ws${query}`), options);
    clients.push(client);
    return client;
  }

  async function expectNeighbourWorks(neighbour: TestClient) {
    neighbour.sendEvent('_b', { i: 'n', m: 'get', p: '/x' });
    expect((await neighbour.nextEvent(event => event.name === '_c')).data).toMatchObject({ i: 'n' });
  }

  afterEach(async () => {
    await Promise.all(sdkClients.splice(0).map(client => client.disconnect()));
    await Promise.all(clients.splice(0).map(client => client.close()));
    await server?.close();
    Object.assign(fault, { enter: 'none', throwOnExit: false, exits: [], afterFaultExits: [] });
  });

  describe('connection onions', () => {
    test('one that throws closes with 1011, logs the error with the connection, runs the exit chain, and leaves the neighbour alone', async () => {
      await start();
      const neighbour = connect();
      await neighbour.ready();
      fault.enter = 'throw';
      const failing = connect('?fault=1');
      expect(await failing.closed).toEqual({ code: 1011, reason: 'connection onion failed' });
      await waitFor(() => server.app.registry.total === 1);
      const errors = logger.lines.filter(line => line.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(/^connection chain failed for [0-9a-f-]{36} on \/$/);
      expect(errors[0].text).toContain('enter failed on purpose');
      expect(fault.exits).toHaveLength(1);
      expect(server.app.bean(SocketConnectionAddressLimit).connectionsFrom('127.0.0.1')).toBe(1);
      await expectNeighbourWorks(neighbour);
    });

    test('one that never calls next closes with 1011 and sends no sysReady', async () => {
      await start();
      fault.enter = 'stop';
      const stopped = connect('?fault=1');
      expect(await stopped.closed).toEqual({ code: 1011, reason: 'connection chain stopped before ready' });
      expect(stopped.frames).toEqual([]);
      await waitFor(() => server.app.registry.total === 0);
    });

    test('an exit onion that throws: the error is logged, the onions before it cleaned up, the registry is clean', async () => {
      await start();
      fault.throwOnExit = true;
      const neighbour = connect();
      const leaving = connect('?fault=1');
      const [, leavingId] = await Promise.all([neighbour.ready(), leaving.ready()]);
      await leaving.close();
      await waitFor(() => server.app.registry.size === 1);
      expect(logger.lines.filter(line => line.level === 'error').map(line => line.message)).toEqual([
        `exit chain failed for ${leavingId} on /`,
      ]);
      // Built-in onions run before module onions, so their cleanup is done; onions after the thrower are skipped.
      expect(server.app.bean(SocketConnectionAddressLimit).connectionsFrom('127.0.0.1')).toBe(1);
      expect(fault.afterFaultExits).not.toContain(leavingId);
      await expectNeighbourWorks(neighbour);
    });
  });

  describe('the action executor', () => {
    test('one that throws answers 500 without its message, logs it once, and the connection stays', async () => {
      const executor: IActionExecutor = {
        execute: async request => {
          if (request.path === '/boom') throw new TypeError('secret internals');
          if (request.path === '/denied') throw new SocketActionError(403, 'not yours');
          return 'fine';
        },
      };
      await start({ executor });
      const client = connect();
      await client.ready();
      client.sendEvent('_b', { i: 1, m: 'get', p: '/boom' });
      expect((await client.nextEvent(event => event.name === '_c')).data).toEqual({
        i: 1,
        c: 500,
        m: 'internal server error',
      });
      client.sendEvent('_b', { i: 2, m: 'get', p: '/denied' });
      expect((await client.nextEvent(event => event.name === '_c')).data).toEqual({ i: 2, c: 403, m: 'not yours' });
      client.sendEvent('_b', { i: 3, m: 'get', p: '/ok' });
      expect((await client.nextEvent(event => event.name === '_c')).data).toEqual({ i: 3, c: 0, d: 'fine' });
      const errors = logger.lines.filter(line => line.level === 'error');
      expect(errors.map(line => line.message)).toEqual(['performAction get /boom failed']);
      expect(errors[0].text).toContain('secret internals');
    });

    test('one that hangs answers 504 after performAction.timeout, and its signal is aborted', async () => {
      let seenSignal: AbortSignal | undefined;
      const executor: IActionExecutor = {
        execute: (_request, _ctx, signal) => {
          seenSignal = signal;
          return new Promise(() => undefined);
        },
      };
      await start({ executor }, { performAction: { timeout: 80 } });
      const client = connect();
      await client.ready();
      const sentAt = Date.now();
      client.sendEvent('_b', { i: 1, m: 'get', p: '/hang' });
      expect((await client.nextEvent(event => event.name === '_c')).data).toEqual({
        i: 1,
        c: 504,
        m: 'get /hang did not answer within 80 ms',
      });
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(75);
      expect(seenSignal?.aborted).toBe(true);
      expect(logger.lines.filter(line => line.level === 'error')).toEqual([]);
    });
  });

  test('a client that vanishes without a close frame is reaped by the heartbeat within two ping periods', async () => {
    const ping = 150;
    await start({}, { timeout: { ping } });
    const neighbour = connect();
    const vanishing = connect('', { autoPong: false });
    const [, vanishingId] = await Promise.all([neighbour.ready(), vanishing.ready()]);
    // Stops reading: no pong, no close frame, the TCP connection stays up.
    (vanishing.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const vanishedAt = Date.now();
    await waitFor(() => server.app.registry.get(vanishingId) === undefined, 4 * ping);
    // Two periods, plus room for timer jitter and the close being handled.
    expect(Date.now() - vanishedAt).toBeLessThanOrEqual(2 * ping + 100);
    expect(fault.exits).toEqual([vanishingId]);
    await expectNeighbourWorks(neighbour);
    vanishing.ws.terminate();
  });

  describe('the server closing mid-RPC', () => {
    let started = 0;
    const slowExecutor: IActionExecutor = {
      execute: () => {
        started++;
        return new Promise(() => undefined);
      },
    };

    async function callInFlight(): Promise<{ client: WebSocketClient; call: Promise<unknown> }> {
      const client = new WebSocketClient({ WebSocket, reconnect: { enabled: false } });
      sdkClients.push(client);
      client.connect(server.wsUrl('/ws'));
      await client.ready;
      const call = client.performAction('get', '/slow');
      call.catch(() => undefined);
      await waitFor(() => started === 1);
      return { client, call };
    }

    test("appClose (1001): the client SDK rejects the pending call with 'closed'", async () => {
      started = 0;
      await start({ executor: slowExecutor });
      const { call } = await callInFlight();
      await server.app.appClose();
      await expect(call).rejects.toMatchObject({ code: 'closed' });
      await expect(call).rejects.toBeInstanceOf(ActionError);
    });

    test("the server terminating the socket (1006): the pending call rejects with 'closed'", async () => {
      started = 0;
      await start({ executor: slowExecutor });
      const { client, call } = await callInFlight();
      server.app.registry.get(client.id!)!.terminate();
      await expect(call).rejects.toMatchObject({ code: 'closed' });
      // The executor ignores its signal; the server gives the call up at once, not after performAction.timeout.
      await waitFor(() => logger.lines.some(line => line.message.endsWith('abandoned: the connection closed')), 500);
    });
  });
});
