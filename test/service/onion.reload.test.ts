import { afterEach, describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  defineModule,
  SocketConnection,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { thrownBy } from '../support/thrownBy.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

/** `enter <id>` / `exit <id>` lines of the tracked onion, in order. */
const log: string[] = [];

/** Counts what it entered and what it exited: a count that goes negative or stays up is a leak. */
@SocketConnection({ dependencies: 'a-socket:ready' })
class SocketConnectionTracked extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    log.push(`enter ${ws.id}`);
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    log.push(`exit ${ws.id}`);
    return next();
  }
}

@SocketConnection({ dependencies: 'a-socket:ready' })
class SocketConnectionOther extends BeanBase implements ISocketConnectionExecute {
  async enter(_ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    return next();
  }
}

const moduleReload = defineModule({ name: 'test-reload', beans: [SocketConnectionTracked, SocketConnectionOther] });

/** A connection keeps the chains it entered with until it leaves; a reload swaps only chains that sort and compose. */
describe('reload() with live connections', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  function connect(): TestClient {
    const client = fixture.client(server.wsUrl('/ws'));
    return client;
  }

  /** Closes a client and waits until its exit chain ran (then it leaves the registry). */
  async function leave(client: TestClient, id: string): Promise<void> {
    await client.close();
    await waitFor(() => server.app.registry.get(id) === undefined);
  }

  afterEach(async () => {
    log.length = 0;
  });

  test('an onion disabled by reload() still runs exit for the connections that entered through it, and nothing for those that come after', async () => {
    server = await fixture.start({ modules: [moduleReload] });
    const before = connect();
    const beforeId = await before.ready();

    server.app.config.onions.socketConnection = { 'test-reload:tracked': { enable: false } };
    server.app.onion.reload();
    const after = connect();
    const afterId = await after.ready();
    await leave(after, afterId);
    await leave(before, beforeId);

    expect(log).toEqual([`enter ${beforeId}`, `exit ${beforeId}`]);
    expect(log.join()).not.toContain(afterId);
  });

  test('an onion enabled by reload() runs no exit for the connections that entered before it', async () => {
    server = await fixture.start({
      modules: [moduleReload],
      config: { onions: { socketConnection: { 'test-reload:tracked': { enable: false } } } },
    });
    const before = connect();
    const beforeId = await before.ready();

    server.app.config.onions.socketConnection = {};
    server.app.onion.reload();
    const after = connect();
    const afterId = await after.ready();
    await leave(before, beforeId);
    await leave(after, afterId);

    expect(log).toEqual([`enter ${afterId}`, `exit ${afterId}`]);
    expect(log.join()).not.toContain(beforeId);
  });

  test('a reload into a cycle throws ONION_CYCLE and leaves the old chains in place: connections still enter and exit through them', async () => {
    server = await fixture.start({ modules: [moduleReload] });
    server.app.config.onions.socketConnection = {
      'test-reload:tracked': { dependencies: 'test-reload:other' },
      'test-reload:other': { dependencies: 'test-reload:tracked' },
    };
    const error = thrownBy(() => server.app.onion.reload());
    expect(error.code).toBe('ONION_CYCLE');
    expect(error.message).toMatch(/^Circular onion dependency: .*test-reload:tracked/);

    const client = connect();
    const id = await client.ready();
    await leave(client, id);
    expect(log).toEqual([`enter ${id}`, `exit ${id}`]);
  });
});
