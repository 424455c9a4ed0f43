import { describe, expect, test } from '@jest/globals';
import { type ClientOptions } from 'ws';
import type { IPassportVerifier, ISocketAppOptions } from '../../src/index.js';
import { SocketConnectionAddressLimit } from '../../src/bean/socketConnection.addressLimit.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

const passport: IPassportVerifier = {
  verify: code => (code === 'good' ? { name: 'good', anonymous: false } : undefined),
};

describe('a-socket:addressLimit', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function start(maxConnectionsPerAddress?: number, options: ISocketAppOptions = {}) {
    server = await fixture.start({
      ...options,
      config: { modules: { 'a-socket': { maxConnectionsPerAddress } } },
    });
  }

  /** From 127.0.0.1 by default; `localAddress: '127.0.0.2'` is another address on the loopback. */
  function connect(query = '', options?: ClientOptions): TestClient {
    const client = fixture.client(server.wsUrl(`/ws${query}`), options);
    return client;
  }

  const limit = () => server.app.bean(SocketConnectionAddressLimit);

  test('runs right after a-socket:app, and is off by default: 20 connections from one address are fine', async () => {
    await start();
    expect(server.app.onion.inspect('socketConnection', '/').slice(0, 4)).toEqual([
      'a-socket:alive',
      'a-socket:app',
      'a-socket:addressLimit',
      'a-socket:instance',
    ]);
    await Promise.all(Array.from({ length: 20 }, () => connect().ready()));
    expect(limit().addressCount).toBe(0);
  });

  test('one connection over the cap closes with 1013; other addresses and the open connections are undisturbed', async () => {
    await start(2);
    const [first, second] = [connect(), connect()];
    await Promise.all([first.ready(), second.ready()]);
    const third = connect();
    expect(await third.closed).toEqual({ code: 1013, reason: 'too many connections from this address' });
    expect(third.frames).toEqual([]);
    const elsewhere = connect('', { localAddress: '127.0.0.2' });
    await elsewhere.ready();
    expect(limit().connectionsFrom('127.0.0.1')).toBe(2);
    expect(limit().connectionsFrom('127.0.0.2')).toBe(1);
    first.sendEvent('_b', { i: 1, m: 'get', p: '/x' });
    expect((await first.nextEvent(event => event.name === '_c')).data).toMatchObject({ i: 1, c: 501 });
    await first.close();
    await waitFor(() => limit().connectionsFrom('127.0.0.1') === 1);
    await connect().ready();
  });

  test('a connection refused later in the chain frees its slot', async () => {
    await start(1, { passport });
    expect((await connect('?x-vona-passport-code=forged').closed).code).toBe(1008);
    await waitFor(() => server.app.registry.total === 0);
    expect(limit().addressCount).toBe(0);
    await connect('?x-vona-passport-code=good').ready();
  });

  test('after many connections come and go, no address keeps a count', async () => {
    await start(3);
    for (let round = 0; round < 5; round++) {
      const batch = [connect(), connect(), connect(), connect()];
      const outcomes = await Promise.all(
        batch.map(client =>
          client.ready().then(
            () => 'ready',
            async () => String((await client.closed).code),
          ),
        ),
      );
      expect(outcomes.filter(outcome => outcome === 'ready')).toHaveLength(3);
      expect(outcomes.filter(outcome => outcome === '1013')).toHaveLength(1);
      await Promise.all(batch.map(client => client.close()));
      await waitFor(() => server.app.registry.total === 0);
    }
    expect(limit().addressCount).toBe(0);
  });
});
