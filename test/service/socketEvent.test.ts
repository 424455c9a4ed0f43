import { describe, expect, jest, test } from '@jest/globals';
import {
  BeanBase,
  BeanSocketNamespaceBase,
  defineModule,
  SocketConnection,
  SocketNamespace,
  type ISocketAppOptions,
  type ISocketConnectionExecute,
  type ISocketWebSocket,
  type SocketConnectionNext,
} from '../../src/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

interface IRoomEvents {
  message: { text: string };
}

@SocketNamespace({ namespace: '/room' })
class SocketNamespaceRoom extends BeanSocketNamespaceBase<IRoomEvents> {}

@SocketNamespace({ namespace: '/news' })
class SocketNamespaceNews extends BeanSocketNamespaceBase {}

/** Ids of the /room connections whose exit chain ran. */
const exitedRoomIds: string[] = [];

/** Greets only /room connections: its match rule confines it to /room. */
@SocketConnection({ dependencies: 'a-socket:ready', match: '/room' })
class SocketConnectionGreeter extends BeanBase implements ISocketConnectionExecute {
  async enter(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    ws.sendEvent('welcome', { namespace: ws.namespace });
    return next();
  }

  async exit(ws: ISocketWebSocket, _options: object, next: SocketConnectionNext) {
    exitedRoomIds.push(ws.id);
    return next();
  }
}

const moduleRoom = defineModule({
  name: 'test-room',
  beans: [SocketNamespaceRoom, SocketNamespaceNews, SocketConnectionGreeter],
});

describe('send and broadcast', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();

  async function start(options: ISocketAppOptions = {}) {
    server = await fixture.start({ modules: [moduleRoom], ...options });
  }

  async function connect(path: string): Promise<{ client: TestClient; id: string }> {
    const client = fixture.client(server.wsUrl(path));
    return { client, id: await client.ready() };
  }

  test('a broadcast reaches every connection of its namespace and no other, serialised once', async () => {
    await start();
    const chatters = await Promise.all([connect('/ws/room'), connect('/ws/room'), connect('/ws/room')]);
    const outsider = await connect('/ws/news');
    const encode = jest.spyOn(server.app.socketEvent, 'encodeFrame');
    server.app.socketNamespace('/room').broadcast('message', { text: 'hi all' });
    for (const { client } of chatters) {
      expect(await client.nextEvent(event => event.name === 'message')).toEqual({
        name: 'message',
        data: { text: 'hi all' },
      });
    }
    expect(encode).toHaveBeenCalledTimes(1);
    server.app.socketNamespace('/news').broadcast('marker', 1);
    await outsider.client.nextEvent(event => event.name === 'marker');
    expect(outsider.client.events.map(event => event.name)).toEqual(['_a', 'marker']);
  });

  test('a broadcast with exclude skips that connection', async () => {
    await start();
    const sender = await connect('/ws/room');
    const other = await connect('/ws/room');
    server.app.socketEvent.broadcast('/room', 'message', { text: 'from sender' }, { exclude: sender.id });
    await other.client.nextEvent(event => event.name === 'message');
    server.app.socketEvent.broadcast('/room', 'marker', null);
    await sender.client.nextEvent(event => event.name === 'marker');
    expect(sender.client.events.some(event => event.name === 'message')).toBe(false);
  });

  test('send by id reaches that connection only', async () => {
    await start();
    const target = await connect('/ws/room');
    const bystander = await connect('/ws/room');
    server.app.socketNamespace('/room').send(target.id, 'message', { text: 'just you' });
    expect(await target.client.nextEvent(event => event.name === 'message')).toEqual({
      name: 'message',
      data: { text: 'just you' },
    });
    server.app.socketEvent.send(bystander.id, 'marker', null);
    await bystander.client.nextEvent(event => event.name === 'marker');
    expect(bystander.client.events.some(event => event.name === 'message')).toBe(false);
  });

  test('a match rule confines a connection onion to its namespace', async () => {
    await start();
    const chat = await connect('/ws/room');
    const news = await connect('/ws/news');
    // The greeter sends inside enter: its event is held and written right after sysReady.
    await chat.client.nextEvent(event => event.name === 'welcome');
    expect(chat.client.events).toEqual([
      { name: '_a', data: { id: chat.id } },
      { name: 'welcome', data: { namespace: '/room' } },
    ]);
    expect(server.app.onion.inspect('socketConnection', '/news')).not.toContain('test-room:greeter');
    expect(server.app.onion.inspect('socketConnection', '/room')).toContain('test-room:greeter');
    server.app.socketEvent.send(news.id, 'marker', null);
    await news.client.nextEvent(event => event.name === 'marker');
    expect(news.client.events.map(event => event.name)).toEqual(['_a', 'marker']);
  });

  describe('slow consumers', () => {
    const bigFrame = 'x'.repeat(256 * 1024);

    /** Broadcasts 64 big frames while `slow` reads nothing; `fast` (if any) reads each before the next. */
    async function flood(slow: TestClient, fast?: TestClient) {
      slow.ws.pause();
      for (let n = 0; n < 64; n++) {
        server.app.socketEvent.broadcast('/room', 'blob', bigFrame);
        await fast?.nextEvent(event => event.name === 'blob');
      }
    }

    test('with the skip policy a client over maxBufferedAmount misses frames while others get them all', async () => {
      await start({ config: { modules: { 'a-socket': { maxBufferedAmount: 512 * 1024, slowConsumer: 'skip' } } } });
      const slow = await connect('/ws/room');
      const fast = await connect('/ws/room');
      await flood(slow.client, fast.client);
      expect(fast.client.events.filter(event => event.name === 'blob')).toHaveLength(64);
      expect(server.app.socketEvent.slowConsumerSkips).toBeGreaterThan(0);
      slow.client.ws.resume();
      await waitFor(() => server.app.registry.get(slow.id)?.bufferedAmount === 0, 10000);
      server.app.socketEvent.send(slow.id, 'marker', null);
      await slow.client.nextEvent(event => event.name === 'marker', 10000);
      expect(slow.client.events.filter(event => event.name === 'blob').length).toBeLessThan(64);
      expect(slow.client.ws.readyState).toBe(slow.client.ws.OPEN);
    });

    test('with the skip policy a slow consumer that drains is told how many events it missed, with no further event', async () => {
      const logger = captureLogger();
      await start({
        logger,
        config: { modules: { 'a-socket': { maxBufferedAmount: 512 * 1024, slowConsumer: 'skip' } } },
      });
      const slow = await connect('/ws/room');
      await flood(slow.client);
      expect(server.app.socketEvent.slowConsumerSkips).toBeGreaterThan(1);
      slow.client.ws.resume();
      const notice = await slow.client.nextEvent(event => event.name === 'sysEventsSkipped', 10000);
      const received = slow.client.events.filter(event => event.name === 'blob').length;
      expect(received).toBeLessThan(64);
      expect(notice.data).toEqual({ count: 64 - received });
      // Many skips, one throttled line naming the connection.
      const skipLines = logger.lines.filter(line => line.message.includes('skipping events to slow consumer'));
      expect(skipLines).toHaveLength(1);
      expect(skipLines[0].message).toContain(slow.id);
    });

    test("with a maxBufferedAmount under the socket stream's highWaterMark (no drain event) the skipped-events notice still comes", async () => {
      await start({ config: { modules: { 'a-socket': { maxBufferedAmount: 1024, slowConsumer: 'skip' } } } });
      const slow = await connect('/ws/room');
      slow.client.ws.pause();
      const smallFrame = 'y'.repeat(4 * 1024);
      // Enough to fill the kernel's buffers, so that bytes wait in the stream, fewer than its highWaterMark.
      for (let n = 0; n < 4096; n++) server.app.socketEvent.broadcast('/room', 'small', smallFrame);
      expect(server.app.socketEvent.slowConsumerSkips).toBeGreaterThan(0);
      slow.client.ws.resume();
      const notice = await slow.client.nextEvent(event => event.name === 'sysEventsSkipped', 10000);
      const received = slow.client.events.filter(event => event.name === 'small').length;
      expect(notice.data).toEqual({ count: 4096 - received });
    });

    test('with the close policy a slow consumer that reads nothing is terminated after the close grace: exit chain run, registry empty', async () => {
      await start({ config: { modules: { 'a-socket': { maxBufferedAmount: 512 * 1024, slowConsumer: 'close' } } } });
      const slow = await connect('/ws/room');
      const serverSide = server.app.registry.get(slow.id)!;
      const terminate = jest.spyOn(serverSide, 'terminate');
      let serverCloseCode: number | undefined;
      serverSide.once('close', code => (serverCloseCode = code));
      await flood(slow.client);
      // The client never reads again, so the close frame cannot go out: ws alone would wait 30 s, the heartbeat 40 s.
      await waitFor(() => serverCloseCode !== undefined, 10000);
      expect(serverCloseCode).toBe(1006);
      expect(terminate).toHaveBeenCalled();
      await waitFor(() => exitedRoomIds.includes(slow.id));
      expect(server.app.registry.get(slow.id)).toBeUndefined();
      expect(server.app.registry.size).toBe(0);
    });

    test('with the close policy a client over maxBufferedAmount is closed with 1013', async () => {
      await start({ config: { modules: { 'a-socket': { maxBufferedAmount: 512 * 1024, slowConsumer: 'close' } } } });
      const slow = await connect('/ws/room');
      await flood(slow.client);
      slow.client.ws.resume();
      expect((await slow.client.closed).code).toBe(1013);
    });
  });
});
