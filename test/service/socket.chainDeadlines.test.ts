import { afterEach, describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  defineModule,
  SocketConnection,
  type IPassportVerifier,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

/**
 * A verifier that never answers `hang` (it gives up only when the connection's signal aborts, as a verifier
 * honouring `ctx.signal` does), never answers `never` at all, and accepts every other code at once.
 */
function hangingPassport() {
  const state = { entered: 0, aborted: 0 };
  const verifier: IPassportVerifier = {
    verify(code, ctx) {
      if (code !== 'hang' && code !== 'never') return { name: code, anonymous: false };
      state.entered++;
      if (code === 'never') return new Promise(() => {});
      return new Promise(resolve => {
        ctx.signal.addEventListener('abort', () => {
          state.aborted++;
          resolve(undefined);
        });
      });
    },
  };
  return { state, verifier };
}

/** An exit that never returns for the connections whose user is `stuck-exit`. */
@SocketConnection({ dependencies: 'a-socket:passport' })
class SocketConnectionStuckExit extends BeanBase implements ISocketConnectionExecute {
  exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    if (ws.ctx.user?.name === 'stuck-exit') return new Promise(() => {});
    return next();
  }
}

const moduleStuckExit = defineModule({ name: 'test-stuck-exit', beans: [SocketConnectionStuckExit] });

describe('timeout.enter and timeout.close: connection chains that do not finish', () => {
  const servers: ITestServer[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await Promise.all(servers.splice(0).map(server => server.close()));
  });

  async function start(enter: number, close?: number) {
    const logger = captureLogger();
    const passport = hangingPassport();
    const server = await startTestServer({
      logger,
      passport: passport.verifier,
      modules: [moduleStuckExit],
      config: { modules: { 'a-socket': { timeout: { enter, ...(close === undefined ? {} : { close }) } } } },
    });
    servers.push(server);
    const connect = (code: string) => {
      const client = new TestClient(server.wsUrl(`/ws?x-vona-passport-code=${code}`));
      clients.push(client);
      return client;
    };
    return { server, logger, passport, connect };
  }

  test('is closed with 1013 once past the deadline; its exit runs, the connections beside it stay', async () => {
    const { server, logger, passport, connect } = await start(300);
    const neighbour = connect('alice');
    await neighbour.ready();
    const hanging = connect('hang');

    const closed = await hanging.closed;
    expect(passport.state.entered).toBe(1);
    expect(closed).toEqual({ code: 1013, reason: 'connection chain timed out' });
    expect(hanging.frames.some(frame => frame.includes('"_a"'))).toBe(false);
    // The verifier saw the connection's signal abort; the exit chain ran after it and the registry let it go.
    await waitFor(() => passport.state.aborted === 1 && server.app.registry.size === 1);
    expect(logger.lines.filter(line => line.level === 'warn').map(line => line.message)).toEqual([
      expect.stringMatching(/connection chain did not finish within 300 ms \(timeout\.enter\); closing it with 1013/),
    ]);
    expect(logger.lines.filter(line => line.level === 'error')).toEqual([]);

    // The neighbour, ready before the deadline, is still served.
    neighbour.sendEvent('sysPerformAction', { i: 1, m: 'get', p: '/nothing' });
    const answer = await neighbour.nextEvent(event => event.name === '_c');
    expect(answer.data).toMatchObject({ i: 1 });
  });

  test('0 turns the deadline off: the chain may run as long as its client stays', async () => {
    const { server, passport, connect } = await start(0);
    const hanging = connect('hang');
    await waitFor(() => passport.state.entered === 1);
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(passport.state.aborted).toBe(0);
    expect(hanging.frames).toEqual([]);
    await hanging.close();
    await waitFor(() => passport.state.aborted === 1);
    expect(server.app.registry.size).toBe(0);
  });

  test('appClose goes on past timeout.close without chains that never return, naming them', async () => {
    const { server, logger, passport, connect } = await start(0, 300);
    // Ready, but its exit never returns.
    const leaving = connect('stuck-exit');
    const leavingId = await leaving.ready();
    // Its verifier ignores the signal and never answers: its enter, and so its exit, never finish.
    const entering = connect('never');
    await waitFor(() => passport.state.entered === 1);

    await server.app.appClose();

    await Promise.all([leaving.closed, entering.closed]);
    const errors = logger.lines.filter(line => line.level === 'error').map(line => line.message);
    expect(errors).toEqual([
      expect.stringMatching(
        /^appClose: the connection chains of 2 connection\(s\) did not finish within 300 ms \(timeout\.close\)/,
      ),
    ]);
    expect(errors[0]).toContain(`${leavingId} on /`);
  });
});
