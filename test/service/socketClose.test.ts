import { afterEach, describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  defineModule,
  SocketCloseError,
  SocketConnection,
  type IPassportVerifier,
  type ISocketAppOptions,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { captureUnhandledRejections } from '../support/processWarnings.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { TestClient } from '../support/wsClient.js';

/** What the refuser throws for a connection whose query has `?refuse=1`. */
const refusal = { code: 4001, reason: 'members only' };

@SocketConnection({ dependencies: 'a-socket:ready' })
class SocketConnectionRefuser extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    if (ws.ctx.query.refuse === '1') throw new SocketCloseError(refusal.code, refusal.reason);
    return next();
  }
}

const moduleRefuser = defineModule({ name: 'test-close', beans: [SocketConnectionRefuser] });

/** `close:<code>` makes the verifier throw SocketCloseError(code, 'é' × 150): 300 bytes of reason. */
const closingPassport: IPassportVerifier = {
  verify(code) {
    const [scheme, value] = code.split(':');
    if (scheme === 'close') throw new SocketCloseError(Number(value), 'é'.repeat(150));
    return scheme === 'valid' ? { name: value, anonymous: false } : undefined;
  },
};

/** Every close a-socket makes goes through one place that never throws (ServiceSocketClose). */
describe('no close can throw', () => {
  let server: ITestServer;
  let logger: ReturnType<typeof captureLogger>;
  let rejections: ReturnType<typeof captureUnhandledRejections>;
  const fixture = useSocketFixture();

  async function start(options: ISocketAppOptions = {}) {
    logger = captureLogger();
    rejections = captureUnhandledRejections();
    server = await fixture.start({ modules: [moduleRefuser], logger, ...options });
  }

  function connect(query = ''): TestClient {
    const client = fixture.client(server.wsUrl(`/ws${query}`));
    return client;
  }

  /** A neighbour still answers, and the server still accepts new connections. */
  async function expectServerAlive(neighbour: TestClient) {
    await connect().ready();
    neighbour.sendEvent('_b', { i: 1, m: 'get', p: '/nowhere' });
    expect((await neighbour.nextEvent(event => event.name === '_c')).data).toMatchObject({ i: 1 });
    expect(rejections.list).toEqual([]);
  }

  afterEach(async () => {
    rejections.stop();
    Object.assign(refusal, { code: 4001, reason: 'members only' });
  });

  test('a SocketCloseError whose reason is 300 bytes closes with the reason clipped to 123 bytes at a character boundary', async () => {
    refusal.reason = 'é'.repeat(150);
    await start();
    const neighbour = connect();
    await neighbour.ready();
    expect(await connect('?refuse=1').closed).toEqual({ code: 4001, reason: 'é'.repeat(61) });
    await expectServerAlive(neighbour);
  });

  test.each([1005, 1006, 1015, 999, 0, 5000, 1004, 2000, 1000.5])(
    'a SocketCloseError with code %p, which a peer may not send, closes with 1011 and keeps its reason',
    async code => {
      refusal.code = code;
      await start();
      const neighbour = connect();
      await neighbour.ready();
      expect(await connect('?refuse=1').closed).toEqual({ code: 1011, reason: 'members only' });
      await expectServerAlive(neighbour);
    },
  );

  test('an invalid close code is logged once per onion, naming the onion that threw it', async () => {
    refusal.code = 1005;
    await start();
    for (let round = 0; round < 3; round++) expect((await connect('?refuse=1').closed).code).toBe(1011);
    const errors = logger.lines.filter(line => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('test-close:refuser');
    expect(errors[0].message).toContain('1005');
  });

  test('a passport verifier that refuses with an invalid code and a 300-byte reason closes with 1011, the reason clipped, naming a-socket:passport', async () => {
    await start({ passport: closingPassport });
    const neighbour = connect();
    await neighbour.ready();
    expect(await connect('?x-vona-passport-code=close:1006').closed).toEqual({ code: 1011, reason: 'é'.repeat(61) });
    expect(logger.lines.filter(line => line.level === 'error').map(line => line.message)).toEqual([
      expect.stringContaining('a-socket:passport closed a connection with code 1006'),
    ]);
    await expectServerAlive(neighbour);
  });

  test('a passport refresh refused with an invalid code and a 300-byte reason closes with 1011, the reason clipped', async () => {
    await start({ passport: closingPassport });
    const neighbour = connect();
    await neighbour.ready();
    const refreshing = connect('?x-vona-passport-code=valid:alice');
    await refreshing.ready();
    refreshing.sendEvent('sysPassportRefresh', { code: 'close:1015' });
    expect(await refreshing.closed).toEqual({ code: 1011, reason: 'é'.repeat(61) });
    expect(logger.lines.filter(line => line.level === 'error').map(line => line.message)).toEqual([
      expect.stringContaining('the passport verifier closed a connection with code 1015'),
    ]);
    await expectServerAlive(neighbour);
  });
});
