import { afterEach, describe, expect, test } from '@jest/globals';
import {
  BeanSocketNamespaceBase,
  createConsoleLogger,
  defineModule,
  MemoryBusHub,
  SocketNamespace,
  type MemoryBus,
} from '../../src/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';
import { countEvents } from './deliveryCount.js';

interface ILobbyEvents {
  probe: { n: number };
}

@SocketNamespace({ namespace: '/lobby' })
class SocketNamespaceLobby extends BeanSocketNamespaceBase<ILobbyEvents> {}

@SocketNamespace({ namespace: '/elsewhere' })
class SocketNamespaceElsewhere extends BeanSocketNamespaceBase {}

const moduleLobby = defineModule({ name: 'test-bus-lobby', beans: [SocketNamespaceLobby, SocketNamespaceElsewhere] });

interface INode {
  server: ITestServer;
  bus: MemoryBus;
}

/**
 * Several nodes in one process joined by a MemoryBusHub: the same send/broadcast semantics as
 * processes joined by Redis (the hub delivers to every bus, the publisher's own included).
 */
describe('nodes joined by a MemoryBusHub', () => {
  const nodes: INode[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await Promise.all(nodes.splice(0).map(node => node.server.close()));
  });

  async function startNodes(count: number): Promise<INode[]> {
    const hub = new MemoryBusHub();
    for (let index = 0; index < count; index++) {
      const bus = hub.createBus({ logger: createConsoleLogger('silent') });
      const server = await startTestServer({ modules: [moduleLobby], bus, workerId: `node-${index}` });
      nodes.push({ server, bus });
    }
    return nodes;
  }

  async function connect(node: INode, path = '/ws/lobby'): Promise<{ client: TestClient; id: string }> {
    const client = new TestClient(node.server.wsUrl(path));
    clients.push(client);
    return { client, id: await client.ready() };
  }

  /** Publications are delivered in order, so once the marker is everywhere the probes before it are too. */
  async function untilMarker(node: INode, receivers: TestClient[]): Promise<void> {
    node.server.app.socketEvent.broadcast('/lobby', 'marker', {});
    await waitFor(() => receivers.every(client => countEvents(client, 'marker') >= 1));
  }

  test('a broadcast on one node reaches every connection of the namespace on every node, each once, and no other namespace', async () => {
    const [a, b, c] = await startNodes(3);
    const onA = await connect(a);
    const onB = await connect(b);
    const onC = await connect(c);
    const elsewhere = await connect(b, '/ws/elsewhere');

    a.server.app.socketNamespace('/lobby').broadcast('probe', { n: 1 });
    await untilMarker(a, [onA.client, onB.client, onC.client]);

    for (const { client } of [onA, onB, onC]) expect(countEvents(client, 'probe')).toBe(1);
    expect(countEvents(elsewhere.client, 'probe')).toBe(0);
  });

  test('a node skips its own publications: five broadcasts from each node arrive five times each, not ten', async () => {
    const [a, b] = await startNodes(2);
    const onA = await connect(a);
    const onB = await connect(b);

    for (let n = 0; n < 5; n++) {
      a.server.app.socketEvent.broadcast('/lobby', 'probe', { n, from: 'a' });
      b.server.app.socketEvent.broadcast('/lobby', 'probe', { n, from: 'b' });
    }
    await untilMarker(a, [onA.client, onB.client]);
    await untilMarker(b, [onA.client, onB.client]);

    for (const { client } of [onA, onB]) {
      const probes = client.events.filter(event => event.name === 'probe').map(event => JSON.stringify(event.data));
      expect(probes).toHaveLength(10);
      expect(new Set(probes).size).toBe(10);
    }
    // Each bus received all ten publications, its own five included, and its node dropped those.
    expect(a.bus.stats.received).toBe(12);
  });

  test('send by id reaches the connection on another node once; a send to a local connection is not published', async () => {
    const [a, b] = await startNodes(2);
    const onA = await connect(a);
    const target = await connect(b);
    const bystander = await connect(b);

    a.server.app.socketEvent.send(target.id, 'probe', { n: 1 });
    await waitFor(() => countEvents(target.client, 'probe') === 1);
    const publishedBefore = a.bus.stats.published;
    a.server.app.socketEvent.send(onA.id, 'probe', { n: 2 });
    await untilMarker(a, [onA.client, target.client, bystander.client]);

    expect(countEvents(target.client, 'probe')).toBe(1);
    expect(countEvents(bystander.client, 'probe')).toBe(0);
    expect(countEvents(onA.client, 'probe')).toBe(1);
    // Only the marker went on the bus after the local send.
    expect(a.bus.stats.published).toBe(publishedBefore + 1);
  });

  test('a send to an id no node holds is published, delivered nowhere, and throws nowhere', async () => {
    const [a, b] = await startNodes(2);
    const onB = await connect(b);

    expect(() => a.server.app.socketEvent.send('no-such-id', 'probe', { n: 1 })).not.toThrow();
    await untilMarker(a, [onB.client]);

    expect(countEvents(onB.client, 'probe')).toBe(0);
    expect(b.bus.stats.handlerErrors).toBe(0);
  });

  test('exclude holds across nodes: the excluded connection on another node misses the broadcast', async () => {
    const [a, b] = await startNodes(2);
    const onA = await connect(a);
    const excluded = await connect(b);
    const included = await connect(b);

    a.server.app.socketEvent.broadcast('/lobby', 'probe', { n: 1 }, { exclude: excluded.id });
    await untilMarker(a, [onA.client, excluded.client, included.client]);

    expect(countEvents(onA.client, 'probe')).toBe(1);
    expect(countEvents(included.client, 'probe')).toBe(1);
    expect(countEvents(excluded.client, 'probe')).toBe(0);
  });

  test('a closed node leaves the hub; the others go on delivering to each other', async () => {
    const [a, b, c] = await startNodes(3);
    const onB = await connect(b);
    const onC = await connect(c);

    await a.server.close();
    nodes.splice(nodes.indexOf(a), 1);
    expect(b.bus.hub.subscribedCount).toBe(2);

    b.server.app.socketEvent.broadcast('/lobby', 'probe', { n: 1 });
    await untilMarker(b, [onB.client, onC.client]);
    expect(countEvents(onC.client, 'probe')).toBe(1);
    expect(countEvents(onB.client, 'probe')).toBe(1);
  });
});
