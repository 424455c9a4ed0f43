import { afterEach, describe, expect, test } from '@jest/globals';
import {
  BeanBase,
  BeanSocketNamespaceBase,
  createConsoleLogger,
  defineModule,
  MemoryBusHub,
  SocketConnection,
  SocketNamespace,
  type IPassportVerifier,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { countEvents } from '../bus/deliveryCount.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

@SocketNamespace({ namespace: '/lobby' })
class SocketNamespaceLobby extends BeanSocketNamespaceBase {}

/** Exits seen by the joiner, by connection id. */
const exits: string[] = [];

/**
 * Runs before the passport stage: joins room `r` and sends to its own connection twice (through
 * `ws.sendEvent` and through `send(id)`), all while the connection is still entering.
 */
@SocketConnection({ dependencies: 'a-socket:event', dependents: 'a-socket:passport' })
class SocketConnectionJoiner extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    this.app.socketEvent.join(ws.id, 'r');
    ws.sendEvent('own', { via: 'sendEvent' });
    this.app.socketEvent.send(ws.id, 'own', { via: 'send' });
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    exits.push(ws.id);
    return next();
  }
}

const moduleLobby = defineModule({ name: 'test-early', beans: [SocketNamespaceLobby, SocketConnectionJoiner] });

/** A verifier that takes 300 ms, and also waits for the test to let it answer: `accept` passes, anything else is refused. */
function slowPassport() {
  let entered!: (id: string) => void;
  let release!: () => void;
  const state = {
    entered: new Promise<string>(resolve => (entered = resolve)),
    released: new Promise<void>(resolve => (release = resolve)),
    release: () => release(),
  };
  const verifier: IPassportVerifier = {
    async verify(code, ctx) {
      entered(ctx.id);
      await Promise.all([new Promise(resolve => setTimeout(resolve, 300)), state.released]);
      return code === 'accept' ? { name: 'slow', anonymous: false } : undefined;
    },
  };
  return { ...state, verifier };
}

interface INode {
  server: ITestServer;
}

describe('nothing before acceptance', () => {
  const nodes: INode[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await Promise.all(nodes.splice(0).map(node => node.server.close()));
    exits.length = 0;
  });

  /** Node a (where the slow client connects, with the slow verifier) and node b, joined by a MemoryBusHub. */
  async function startNodes(verifier: IPassportVerifier): Promise<[INode, INode]> {
    const hub = new MemoryBusHub();
    for (const name of ['a', 'b']) {
      const bus = hub.createBus({ logger: createConsoleLogger('silent') });
      const server = await startTestServer({ modules: [moduleLobby], bus, workerId: name, passport: verifier });
      nodes.push({ server });
    }
    return [nodes[0], nodes[1]];
  }

  function connect(node: INode, query = ''): TestClient {
    const client = new TestClient(node.server.wsUrl(`/ws/lobby${query}`));
    clients.push(client);
    return client;
  }

  /**
   * Every kind of event while `id` enters: broadcasts and room broadcasts (room `r`, which it joined while
   * entering) on both nodes, sends by id from both; then waits until node a has delivered what node b published.
   */
  async function sendEverything(a: INode, b: INode, id: string, neighbourOnA: TestClient) {
    for (const [node, where] of [
      [a, 'local'],
      [b, 'bus'],
    ] as const) {
      const socketEvent = node.server.app.socketEvent;
      socketEvent.broadcast('/lobby', 'broadcast', { where });
      socketEvent.broadcast('/lobby', 'room', { where }, { room: 'r' });
      socketEvent.send(id, 'byId', { where });
    }
    b.server.app.socketEvent.broadcast('/lobby', 'marker', null);
    await waitFor(() => countEvents(neighbourOnA, 'marker') === 1);
    // The neighbour (in room r too) got both broadcasts and both room broadcasts: they were really made.
    expect(countEvents(neighbourOnA, 'broadcast') + countEvents(neighbourOnA, 'room')).toBe(4);
  }

  test('a connection refused after a 300 ms verifier receives nothing: no broadcast, room broadcast, send by id or bus delivery', async () => {
    const slow = slowPassport();
    const [a, b] = await startNodes(slow.verifier);
    const neighbour = connect(a);
    await neighbour.ready();
    const refused = connect(a, '?x-vona-passport-code=refuse');
    const id = await slow.entered;

    await sendEverything(a, b, id, neighbour);
    slow.release();

    expect(await refused.closed).toEqual({ code: 1008, reason: 'invalid passport code' });
    expect(refused.frames).toEqual([]);
    await waitFor(() => exits.includes(id));
  });

  test('a connection accepted after a 300 ms verifier hears nothing before its sysReady; what was sent to it by id follows sysReady in order, broadcasts made meanwhile never come', async () => {
    const slow = slowPassport();
    const [a, b] = await startNodes(slow.verifier);
    const neighbour = connect(a);
    await neighbour.ready();
    const accepted = connect(a, '?x-vona-passport-code=accept');
    const id = await slow.entered;

    await sendEverything(a, b, id, neighbour);
    slow.release();

    expect(await accepted.ready()).toBe(id);
    // The room joined while entering counts from acceptance on, on every node.
    b.server.app.socketEvent.broadcast('/lobby', 'room', { where: 'after' }, { room: 'r' });
    await accepted.nextEvent(event => event.name === 'room');
    expect(accepted.events).toEqual([
      { name: '_a', data: { id } },
      { name: 'own', data: { via: 'sendEvent' } },
      { name: 'own', data: { via: 'send' } },
      { name: 'byId', data: { where: 'local' } },
      { name: 'byId', data: { where: 'bus' } },
      { name: 'room', data: { where: 'after' } },
    ]);
  });

  test('the registry counts a connection only once it is accepted: size and counts() leave out one still entering, total does not', async () => {
    const slow = slowPassport();
    const [a] = await startNodes(slow.verifier);
    await connect(a).ready();
    const entering = connect(a, '?x-vona-passport-code=accept');
    const id = await slow.entered;
    const registry = a.server.app.registry;

    expect(registry.size).toBe(1);
    expect(registry.total).toBe(2);
    expect(registry.counts()).toEqual({ '/lobby': 1 });
    expect(registry.namespaceClients('/lobby').size).toBe(1);
    expect([...registry.roomsOf(registry.get(id)!)]).toEqual(['r']);
    expect(registry.roomClients('/lobby', 'r').size).toBe(1);

    slow.release();
    await entering.ready();
    expect(registry.size).toBe(2);
    expect(registry.counts()).toEqual({ '/lobby': 2 });
    expect(registry.roomClients('/lobby', 'r').size).toBe(2);
  });

  test('appClose closes a connection still entering with 1001, runs its exit chain and waits for it', async () => {
    const slow = slowPassport();
    const [a] = await startNodes(slow.verifier);
    const entering = connect(a, '?x-vona-passport-code=accept');
    const id = await slow.entered;

    const closing = a.server.app.appClose();
    expect((await entering.closed).code).toBe(1001);
    slow.release();
    await closing;

    expect(entering.frames).toEqual([]);
    expect(exits).toEqual([id]);
    expect(a.server.app.registry.total).toBe(0);
  });
});
