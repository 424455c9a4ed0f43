import { afterEach, describe, expect, test } from '@jest/globals';
import { BeanSocketNamespaceBase, defineModule, MemoryBusHub, SocketNamespace } from '../../src/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

@SocketNamespace({ namespace: '/game' })
class SocketNamespaceGame extends BeanSocketNamespaceBase<{ move: { to: string } }> {}

@SocketNamespace({ namespace: '/lobby' })
class SocketNamespaceLobby extends BeanSocketNamespaceBase {}

const moduleGame = defineModule({ name: 'test-game', beans: [SocketNamespaceGame, SocketNamespaceLobby] });

describe('rooms', () => {
  const servers: ITestServer[] = [];
  const clients: TestClient[] = [];

  async function start(hub?: MemoryBusHub): Promise<ITestServer> {
    const server = await startTestServer({ modules: [moduleGame], bus: hub?.createBus() });
    servers.push(server);
    return server;
  }

  async function connect(server: ITestServer, path: string): Promise<{ client: TestClient; id: string }> {
    const client = new TestClient(server.wsUrl(path));
    clients.push(client);
    return { client, id: await client.ready() };
  }

  /** Sends a marker to every client and waits for it, so that anything sent before it has arrived. */
  async function settle(server: ITestServer, ...targets: { client: TestClient; id: string }[]) {
    for (const target of targets) {
      server.app.socketEvent.send(target.id, 'marker', null);
      await target.client.nextEvent(event => event.name === 'marker');
    }
  }

  const moves = (client: TestClient) => client.events.filter(event => event.name === 'move');

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await Promise.all(servers.splice(0).map(server => server.close()));
  });

  test('a room broadcast reaches the members of that room in that namespace only', async () => {
    const server = await start();
    const [inRoom, outside] = [await connect(server, '/ws/game'), await connect(server, '/ws/game')];
    const sameNameElsewhere = await connect(server, '/ws/lobby');
    const game = server.app.socketNamespace('/game');
    game.join(inRoom.id, 'table-1');
    server.app.socketNamespace('/lobby').join(sameNameElsewhere.id, 'table-1');
    game.broadcast('move', { to: 'e4' }, { room: 'table-1' });
    expect(await inRoom.client.nextEvent(event => event.name === 'move')).toEqual({ name: 'move', data: { to: 'e4' } });
    await settle(server, outside, sameNameElsewhere);
    expect(moves(outside.client)).toEqual([]);
    expect(moves(sameNameElsewhere.client)).toEqual([]);
  });

  test('after leave a connection no longer gets the room broadcasts', async () => {
    const server = await start();
    const member = await connect(server, '/ws/game');
    const game = server.app.socketNamespace('/game');
    game.join(member.id, 'table-1');
    game.leave(member.id, 'table-1');
    game.broadcast('move', { to: 'd4' }, { room: 'table-1' });
    await settle(server, member);
    expect(moves(member.client)).toEqual([]);
  });

  test('a closed connection leaves every room it was in', async () => {
    const server = await start();
    const member = await connect(server, '/ws/game');
    const ws = server.app.registry.get(member.id)!;
    server.app.socketEvent.join(member.id, 'one');
    server.app.socketEvent.join(member.id, 'two');
    expect([...server.app.registry.roomsOf(ws)]).toEqual(['one', 'two']);
    await member.client.close();
    await waitFor(() => server.app.registry.size === 0);
    expect(server.app.registry.roomClients('/game', 'one').size).toBe(0);
    expect(server.app.registry.roomClients('/game', 'two').size).toBe(0);
  });

  test('join and room broadcasts cross processes through the bus, each member served once', async () => {
    const hub = new MemoryBusHub();
    const [nodeA, nodeB] = [await start(hub), await start(hub)];
    const onA = await connect(nodeA, '/ws/game');
    const alsoOnA = await connect(nodeA, '/ws/game');
    const onB = await connect(nodeB, '/ws/game');
    nodeB.app.socketNamespace('/game').join(onA.id, 'table-9');
    nodeB.app.socketNamespace('/game').join(onB.id, 'table-9');
    await waitFor(() => nodeA.app.registry.roomClients('/game', 'table-9').size === 1);
    nodeB.app.socketNamespace('/game').broadcast('move', { to: 'c5' }, { room: 'table-9' });
    await onA.client.nextEvent(event => event.name === 'move');
    await onB.client.nextEvent(event => event.name === 'move');
    await settle(nodeA, onA, alsoOnA);
    await settle(nodeB, onB);
    expect(moves(onA.client)).toHaveLength(1);
    expect(moves(onB.client)).toHaveLength(1);
    expect(moves(alsoOnA.client)).toEqual([]);
  });
});
