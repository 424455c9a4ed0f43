import { describe, expect, test } from '@jest/globals';
import type { ISocketAppOptions } from '../../src/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { codeExpiringIn, expiringPassport } from '../support/expiringPassport.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

describe('a-socket:passportExpiry', () => {
  let server: ITestServer;
  let logger: ReturnType<typeof captureLogger>;
  const fixture = useSocketFixture();

  async function start(expiryWarning: number, options: ISocketAppOptions = {}) {
    logger = captureLogger();
    server = await fixture.start({
      passport: expiringPassport,
      logger,
      config: { modules: { 'a-socket': { passport: { expiryWarning } } } },
      ...options,
    });
  }

  function connect(code?: string): TestClient {
    const client = fixture.client(server.wsUrl(code ? `/ws?x-vona-passport-code=${code}` : '/ws'));
    return client;
  }

  const expiry = () => server.app.bean('a-socket.service.passport');

  test('runs right after a-socket:passport', async () => {
    await start(1000);
    const chain = server.app.onion.inspect('socketConnection', '/');
    expect(chain.slice(chain.indexOf('a-socket:passport'))).toEqual([
      'a-socket:passport',
      'a-socket:passportExpiry',
      'a-socket:ready',
    ]);
  });

  test('an identity that has already expired is refused with 1008 and no sysReady', async () => {
    await start(1000);
    const client = connect(`valid:alice:${Date.now() - 1}`);
    expect(await client.closed).toEqual({ code: 1008, reason: 'passport expired' });
    expect(client.frames).toEqual([]);
  });

  test('an expiresAt in seconds (a JWT exp as it is) is expired, and the log says to multiply by 1000', async () => {
    await start(1000);
    const client = connect(`valid:alice:${Math.floor(Date.now() / 1000) + 3600}`);
    expect((await client.closed).code).toBe(1008);
    expect(logger.lines.map(line => line.message).join('\n')).toContain(
      'milliseconds since the epoch (JWT exp × 1000)',
    );
  });

  test('warns expiryWarning ms before, after sysReady, then closes with 1008 at expiresAt; a neighbour stays', async () => {
    await start(150);
    const neighbour = connect('valid:bob');
    await neighbour.ready();
    const code = codeExpiringIn('alice', 300);
    const expiresAt = Number(code.split(':')[2]);
    const client = connect(code);
    await client.ready();
    const warning = await client.nextEvent(event => event.name === 'sysPassportExpiring');
    expect(warning.data).toEqual({ expiresAt });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 150);
    expect(await client.closed).toEqual({ code: 1008, reason: 'passport expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(client.events.map(event => event.name)).toEqual(['_a', 'sysPassportExpiring']);
    await waitFor(() => server.app.registry.size === 1);
    expect(expiry().scheduledCount).toBe(0);
    expect(neighbour.ws.readyState).toBe(neighbour.ws.OPEN);
  });

  test('an identity expiring within the warning window is warned at once, after sysReady', async () => {
    await start(10_000);
    const client = connect(codeExpiringIn('alice', 5000));
    await client.ready();
    await client.nextEvent(event => event.name === 'sysPassportExpiring');
    expect(client.events.map(event => event.name)).toEqual(['_a', 'sysPassportExpiring']);
  });

  test('users without expiresAt get no timer; timers of connections that leave are cleared in exit', async () => {
    await start(1000);
    await connect('valid:bob').ready();
    await connect().ready();
    expect(expiry().scheduledCount).toBe(0);
    const leaving = connect(codeExpiringIn('alice', 3_600_000));
    await leaving.ready();
    expect(expiry().scheduledCount).toBe(1);
    await leaving.close();
    await waitFor(() => expiry().scheduledCount === 0);
  });

  test('an expiresAt beyond the 24.8-day timer limit neither fires early nor throws', async () => {
    await start(1000);
    const client = connect(codeExpiringIn('alice', 40 * 24 * 3600 * 1000));
    await client.ready();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(client.events.map(event => event.name)).toEqual(['_a']);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  test('a verifier returning a non-numeric expiresAt is a server error: logged, closed with 1011', async () => {
    await start(1000, {
      passport: { verify: () => ({ name: 'x', anonymous: false, expiresAt: '2030-01-01' as unknown as number }) },
    });
    const client = connect('anything');
    expect(await client.closed).toEqual({ code: 1011, reason: 'passport verifier failed' });
    expect(logger.lines.filter(line => line.level === 'error').map(line => line.message)).toEqual([
      expect.stringContaining('returned expiresAt 2030-01-01'),
    ]);
  });
});
