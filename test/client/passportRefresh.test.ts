import { afterEach, describe, expect, test } from '@jest/globals';
import { keepPassportFresh, type CloseInfo } from '../../src/client/index.js';
import { codeExpiringIn, expiringPassport } from '../support/expiringPassport.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { closeClients, makeClient } from './support/clientFixture.js';

describe('keepPassportFresh (client) against the real server', () => {
  let server: ITestServer;

  async function start() {
    server = await startTestServer({
      passport: expiringPassport,
      config: { modules: { 'a-socket': { passport: { expiryWarning: 150 } } } },
    });
  }

  afterEach(async () => {
    await closeClients();
    await server.close();
  });

  test('refreshes before expiry, so the connection outlives its first code, and reconnects with the new code', async () => {
    await start();
    const client = makeClient();
    const asked: number[] = [];
    let fresh = '';
    keepPassportFresh(client, {
      getCode: async expiresAt => {
        asked.push(expiresAt);
        fresh = codeExpiringIn('alice', 60_000);
        return fresh;
      },
    });
    const first = codeExpiringIn('alice', 250);
    client.connect(server.wsUrl(`/ws?x-vona-passport-code=${first}&x-vona-locale=en`));
    const id = await client.ready;
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(asked).toEqual([Number(first.split(':')[2])]);
    expect(client.id).toBe(id);
    expect(server.app.registry.get(id)?.ctx.passportCode).toBe(fresh);

    const url = new URL(client.url!);
    expect(url.searchParams.get('x-vona-passport-code')).toBe(fresh);
    expect(url.searchParams.get('x-vona-locale')).toBe('en');

    server.app.registry.get(id)!.terminate();
    await waitFor(() => client.id !== undefined && client.id !== id);
    expect(server.app.registry.get(client.id!)?.ctx.passportCode).toBe(fresh);
  });

  test('a getCode that fails goes to onError, and the server closes with 1008 at expiry without a reconnect', async () => {
    await start();
    const client = makeClient();
    const errors: unknown[] = [];
    const closes: Array<[CloseInfo, boolean]> = [];
    client.onClose((close, willReconnect) => closes.push([close, willReconnect]));
    keepPassportFresh(client, {
      getCode: () => Promise.reject(new Error('token endpoint down')),
      onError: error => errors.push(error),
    });
    client.connect(server.wsUrl(`/ws?x-vona-passport-code=${codeExpiringIn('alice', 250)}`));
    await client.ready;
    await waitFor(() => closes.length === 1, 2000);
    expect((errors[0] as Error).message).toBe('token endpoint down');
    expect(closes[0][0]).toMatchObject({ code: 1008, reason: 'passport expired' });
    expect(closes[0][1]).toBe(false);
    expect(client.state).toBe('closed');
  });

  test('the function it returns stops it', async () => {
    await start();
    const client = makeClient();
    let asked = 0;
    const stop = keepPassportFresh(client, { getCode: () => `${asked++}` });
    stop();
    client.connect(server.wsUrl(`/ws?x-vona-passport-code=${codeExpiringIn('alice', 100)}`));
    await client.ready;
    await waitFor(() => client.state === 'closed', 2000);
    expect(asked).toBe(0);
  });

  test('setUrl before connect() is refused with not_connected', () => {
    expect(() => makeClient().setUrl('ws://127.0.0.1:1/ws')).toThrow(
      expect.objectContaining({ code: 'not_connected' }),
    );
  });
});
