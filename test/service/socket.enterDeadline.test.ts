import { afterEach, describe, expect, test } from '@jest/globals';
import { type IPassportVerifier } from '../../src/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

/**
 * A verifier that never answers `hang` (it gives up only when the connection's signal aborts, as a verifier
 * honouring `ctx.signal` does) and accepts every other code at once.
 */
function hangingPassport() {
  const state = { entered: 0, aborted: 0 };
  const verifier: IPassportVerifier = {
    verify(code, ctx) {
      if (code !== 'hang') return { name: code, anonymous: false };
      state.entered++;
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

describe('timeout.enter: a connection chain that does not finish', () => {
  const servers: ITestServer[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await Promise.all(servers.splice(0).map(server => server.close()));
  });

  async function start(enter: number) {
    const logger = captureLogger();
    const passport = hangingPassport();
    const server = await startTestServer({
      logger,
      passport: passport.verifier,
      config: { modules: { 'a-socket': { timeout: { enter } } } },
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
});
