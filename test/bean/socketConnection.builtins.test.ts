import { describe, expect, test } from '@jest/globals';
import {
  defineModule,
  SocketConnection,
  type IInstanceResolver,
  type IPassportVerifier,
  type ISocketAppOptions,
} from '../../src/index.js';
import { captureUnhandledRejections } from '../support/processWarnings.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

const passport: IPassportVerifier = {
  verify: code => (code.startsWith('valid:') ? { name: code.slice(6), anonymous: false } : undefined),
};

describe('built-in connection onions', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function start(options: ISocketAppOptions) {
    server = await fixture.start(options);
  }

  function connect(path = '/ws', headers?: Record<string, string>): TestClient {
    const client = fixture.client(server.wsUrl(path), { headers });
    return client;
  }

  function userOf(id: string) {
    return server.app.registry.get(id)?.ctx.user;
  }

  describe('a-socket:passport', () => {
    test('a client without a passport code is anonymous', async () => {
      await start({ passport });
      const id = await connect().ready();
      expect(userOf(id)).toEqual({ anonymous: true });
    });

    test('a valid passport code makes the connection that user', async () => {
      await start({ passport });
      const id = await connect('/ws?x-vona-passport-code=valid:alice').ready();
      expect(userOf(id)).toEqual({ name: 'alice', anonymous: false });
    });

    test('an invalid passport code closes with 1008 and no sysReady', async () => {
      await start({ passport });
      const client = connect('/ws?x-vona-passport-code=forged');
      expect(await client.closed).toEqual({ code: 1008, reason: 'invalid passport code' });
      expect(client.frames).toEqual([]);
    });

    test('without allowAnonymous a client without a code closes with 1008', async () => {
      await start({ passport, config: { modules: { 'a-socket': { passport: { allowAnonymous: false } } } } });
      expect((await connect().closed).code).toBe(1008);
      const id = await connect('/ws?x-vona-passport-code=valid:carol').ready();
      expect(userOf(id)?.name).toBe('carol');
    });

    test('the query key is configurable', async () => {
      await start({ passport, config: { modules: { 'a-socket': { queryKey: { passportCode: 'token' } } } } });
      const id = await connect('/ws?token=valid:dave').ready();
      expect(userOf(id)?.name).toBe('dave');
    });
  });

  describe('a-socket:cors', () => {
    test('a foreign Origin closes with 1008', async () => {
      await start({});
      const client = connect('/ws', { origin: 'https://evil.example' });
      expect(await client.closed).toEqual({ code: 1008, reason: 'origin not allowed' });
      expect(client.frames).toEqual([]);
    });

    test("the request's own host, a listed origin, and no Origin at all pass", async () => {
      await start({
        config: { modules: { 'a-socket': { cors: { origins: ['https://app.example', '*.trusted.dev'] } } } },
      });
      await connect('/ws', { origin: `http://127.0.0.1:${server.port}` }).ready();
      await connect('/ws', { origin: 'https://app.example' }).ready();
      await connect('/ws', { origin: 'https://eu.trusted.dev' }).ready();
      await connect('/ws').ready();
      expect((await connect('/ws', { origin: 'https://trusted.dev.evil' }).closed).code).toBe(1008);
    });

    test('a config override disables the origin check', async () => {
      await start({ config: { onions: { socketConnection: { 'a-socket:cors': { enable: false } } } } });
      await connect('/ws', { origin: 'https://evil.example' }).ready();
    });
  });

  describe('a-socket:app', () => {
    test('while the host app is not ready new connections close with 1013', async () => {
      let hostReady = false;
      await start({ isReady: () => hostReady });
      expect(await connect().closed).toEqual({ code: 1013, reason: 'app not ready' });
      hostReady = true;
      await connect().ready();
    });
  });

  describe('a-socket:instance', () => {
    const instance: IInstanceResolver = {
      resolve: name => (name === 'acme' || name === undefined ? { name: name ?? 'default' } : undefined),
    };

    test('the resolved instance is on ctx, and an unknown one closes with 1008', async () => {
      await start({ instance });
      const id = await connect('/ws?x-vona-instance-name=acme').ready();
      expect(server.app.registry.get(id)?.ctx.instance).toEqual({ name: 'acme' });
      const unknown = connect('/ws?x-vona-instance-name=nobody');
      expect(await unknown.closed).toEqual({ code: 1008, reason: 'unknown instance' });
    });

    test('an unknown instance name of 200 characters closes with 1008 and a fixed reason that echoes none of it, and the process lives', async () => {
      const rejections = captureUnhandledRejections();
      try {
        await start({ instance });
        const neighbour = connect('/ws?x-vona-instance-name=acme');
        await neighbour.ready();
        const long = connect(`/ws?x-vona-instance-name=${'n'.repeat(200)}`);
        expect(await long.closed).toEqual({ code: 1008, reason: 'unknown instance' });
        await connect('/ws?x-vona-instance-name=acme').ready();
        expect(neighbour.ws.readyState).toBe(neighbour.ws.OPEN);
        expect(rejections.list).toEqual([]);
      } finally {
        rejections.stop();
      }
    });
  });

  describe('a-socket:alive', () => {
    test('the heartbeat terminates a client that stops answering pings, and keeps one that answers', async () => {
      await start({ config: { modules: { 'a-socket': { timeout: { ping: 50 } } } } });
      const silent = fixture.client(server.wsUrl('/ws'), { autoPong: false });
      const answering = connect();
      const [silentId, answeringId] = await Promise.all([silent.ready(), answering.ready()]);
      expect((await silent.closed).code).toBe(1006);
      await waitFor(() => server.app.registry.get(silentId) === undefined);
      expect(server.app.registry.get(answeringId)).toBeDefined();
    });

    test('the heartbeat forgets a socket when it closes, even when an onion before it cuts the exit chain short', async () => {
      @SocketConnection({ dependents: 'a-socket:alive' })
      class SocketConnectionCutsExit {
        enter(_ws: unknown, _options: unknown, next: () => Promise<unknown>) {
          return next();
        }
        exit() {
          // Does not call next(): no onion after it runs its exit.
        }
      }
      await start({ modules: [defineModule({ name: 'cuts-exit', beans: [SocketConnectionCutsExit] })] });
      const alive = server.app.bean('a-socket.socketConnection.alive');
      const client = connect();
      await client.ready();
      expect(alive.pingedCount).toBe(1);
      await client.close();
      await waitFor(() => server.app.registry.total === 0);
      expect(alive.pingedCount).toBe(0);
    });
  });
});
