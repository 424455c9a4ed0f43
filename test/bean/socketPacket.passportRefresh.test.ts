import { describe, expect, test } from '@jest/globals';
import type { ISocketAppOptions } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { codeExpiringIn, expiringPassport } from '../support/expiringPassport.js';
import { testApi } from '../support/listeners.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

describe('a-socket:passportRefresh', () => {
  let server: ITestServer;
  let logger: ReturnType<typeof captureLogger>;
  const fixture = useSocketFixture();

  async function start(options: ISocketAppOptions = {}) {
    logger = captureLogger();
    server = await fixture.start({
      passport: expiringPassport,
      executor: createRequestListenerExecutor(testApi),
      logger,
      config: { modules: { 'a-socket': { passport: { expiryWarning: 150 } } } },
      ...options,
    });
  }

  async function connect(code?: string): Promise<{ client: TestClient; id: string }> {
    const client = fixture.client(server.wsUrl(code ? `/ws?x-vona-passport-code=${code}` : '/ws'));
    return { client, id: await client.ready() };
  }

  async function whoami(client: TestClient, i: number) {
    client.sendEvent('_b', { i, m: 'get', p: '/api/whoami' });
    return (await client.nextEvent(event => event.name === '_c' && (event.data as { i: number }).i === i)).data;
  }

  test('the client refreshes after sysPassportExpiring: the new identity is live and outlives the old expiry', async () => {
    await start();
    const { client, id } = await connect(codeExpiringIn('alice', 250));
    await client.nextEvent(event => event.name === 'sysPassportExpiring');
    const fresh = codeExpiringIn('alice', 60_000);
    client.sendEvent('sysPassportRefresh', { code: fresh });
    const refreshed = await client.nextEvent(event => event.name === 'sysPassportRefreshed');
    expect(refreshed.data).toEqual({ expiresAt: Number(fresh.split(':')[2]) });
    expect(server.app.registry.get(id)?.ctx.user?.expiresAt).toBe(Number(fresh.split(':')[2]));
    expect(server.app.registry.get(id)?.ctx.passportCode).toBe(fresh);
    await new Promise(resolve => setTimeout(resolve, 350));
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(await whoami(client, 1)).toEqual({ i: 1, c: 0, d: { name: 'alice', anonymous: false } });
  });

  test('a refresh to an identity without expiresAt answers expiresAt null and stops the expiry', async () => {
    await start();
    const { client } = await connect(codeExpiringIn('alice', 300));
    client.sendEvent('sysPassportRefresh', { code: 'valid:alice' });
    expect((await client.nextEvent(event => event.name === 'sysPassportRefreshed')).data).toEqual({ expiresAt: null });
    await new Promise(resolve => setTimeout(resolve, 350));
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  test('users with an id must keep it; the name may change with it', async () => {
    await start();
    const { client } = await connect('id:7:alice');
    client.sendEvent('sysPassportRefresh', { code: 'id:7:alice-renamed' });
    await client.nextEvent(event => event.name === 'sysPassportRefreshed');
    client.sendEvent('sysPassportRefresh', { code: 'id:8:alice-renamed' });
    expect(await client.closed).toEqual({ code: 1008, reason: 'a passport refresh must keep the same user' });
  });

  describe('anything else closes with 1008, and a neighbour is undisturbed', () => {
    test.each([
      ['an invalid code', { code: 'forged' }, 'invalid passport code', 'valid:alice'],
      [
        'a code for another user',
        { code: 'valid:mallory' },
        'a passport refresh must keep the same user',
        'valid:alice',
      ],
      ['an expired code', { code: `valid:alice:${Date.now() - 1000}` }, 'passport expired', 'valid:alice'],
      ['a verifier that throws', { code: 'throw:x' }, 'invalid passport code', 'valid:alice'],
      ['no code', {}, 'sysPassportRefresh needs { code: string }', 'valid:alice'],
      ['an empty code', { code: '' }, 'sysPassportRefresh needs { code: string }', 'valid:alice'],
      ['a numeric code', { code: 42 }, 'sysPassportRefresh needs { code: string }', 'valid:alice'],
      ['a string payload', 'valid:alice', 'sysPassportRefresh needs { code: string }', 'valid:alice'],
      ['an anonymous connection', { code: 'valid:alice' }, 'a passport refresh must keep the same user', undefined],
    ])('%s', async (_label, payload, reason, connectCode) => {
      await start();
      const neighbour = await connect('valid:bob');
      const { client } = await connect(connectCode);
      client.sendEvent('sysPassportRefresh', payload);
      expect(await client.closed).toEqual({ code: 1008, reason });
      await waitFor(() => server.app.registry.size === 1);
      expect(await whoami(neighbour.client, 1)).toEqual({ i: 1, c: 0, d: { name: 'bob', anonymous: false } });
    });

    test('a verifier that throws SocketCloseError closes with its code', async () => {
      await start();
      const { client } = await connect('valid:alice');
      client.sendEvent('sysPassportRefresh', { code: 'close:x' });
      expect(await client.closed).toEqual({ code: 4003, reason: 'token [passport code] revoked' });
    });

    test('a server without a passport verifier', async () => {
      await start({ passport: undefined });
      const { client } = await connect();
      client.sendEvent('sysPassportRefresh', { code: 'valid:alice' });
      expect(await client.closed).toEqual({ code: 1008, reason: 'no passport verifier to refresh with' });
    });
  });

  test('refreshes of one connection are applied in the order they were sent', async () => {
    let release: () => void = () => undefined;
    const slow = codeExpiringIn('alice', 30_000);
    await start({
      passport: {
        async verify(code) {
          if (code === slow) await new Promise<void>(resolve => (release = resolve));
          return expiringPassport.verify(code, undefined as never);
        },
      },
    });
    const { client, id } = await connect('valid:alice');
    client.sendEvent('sysPassportRefresh', { code: slow });
    const last = codeExpiringIn('alice', 60_000);
    client.sendEvent('sysPassportRefresh', { code: last });
    await new Promise(resolve => setTimeout(resolve, 30));
    release();
    await client.nextEvent(event => event.name === 'sysPassportRefreshed');
    await client.nextEvent(event => event.name === 'sysPassportRefreshed');
    expect(server.app.registry.get(id)?.ctx.passportCode).toBe(last);
  });
});
