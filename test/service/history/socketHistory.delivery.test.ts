import { afterEach, describe, expect, test } from '@jest/globals';
import {
  ASocketError,
  BeanSocketNamespaceBase,
  createApp,
  createConsoleLogger,
  defineModule,
  HistoryError,
  MemoryHistory,
  MemoryHistoryHub,
  MemoryBusHub,
  SocketNamespace,
} from '../../../src/index.js';
import { thrownBy } from '../../support/thrownBy.js';
import { HistoryTestBed } from './historyFixture.js';

const bed = new HistoryTestBed();
afterEach(() => bed.close());

describe('history namespaces on the wire', () => {
  test('an event of a history namespace carries its offset; sysReady tells epoch, offset and a session token', async () => {
    const server = await bed.start();
    const { client, ready } = await bed.connect(server.wsUrl('/ws/feed'));
    expect(ready).toEqual({
      id: expect.any(String),
      recovered: false,
      epoch: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      offset: '0',
      session: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const feed = server.app.socketNamespace('/feed');
    await feed.broadcast('tick', { seq: 1 });
    await feed.broadcast('tick', { seq: 2 });
    expect(await client.nextEvent(e => e.name === 'tick')).toEqual({ name: 'tick', data: { seq: 1 }, offset: '1' });
    expect(await client.nextEvent(e => e.name === 'tick')).toEqual({ name: 'tick', data: { seq: 2 }, offset: '2' });
    expect(client.frames.at(-1)).toBe('_:["tick",{"seq":2},"2"]');
  });

  test('other namespaces keep the two-element frames and the sysReady { id }', async () => {
    const server = await bed.start();
    const { client, ready } = await bed.connect(server.wsUrl('/ws/plain'));
    expect(ready).toEqual({ id: expect.any(String) });
    await server.app.socketNamespace('/plain').broadcast('tick', { seq: 1 });
    await client.nextEvent(e => e.name === 'tick');
    expect(client.frames.at(-1)).toBe('_:["tick",{"seq":1}]');
  });

  test('a fresh connection starts at the stream position of its sysReady and gets everything after it once', async () => {
    const server = await bed.start();
    const feed = server.app.socketNamespace('/feed');
    await feed.broadcast('tick', { seq: 1 });
    await feed.broadcast('tick', { seq: 2 });
    const { client, ready } = await bed.connect(server.wsUrl('/ws/feed'));
    expect(ready.offset).toBe('2');
    await feed.broadcast('tick', { seq: 3 });
    await feed.broadcast('note', 'end');
    await client.nextEvent(e => e.name === 'note');
    expect(client.events.filter(e => e.name !== '_a')).toEqual([
      { name: 'tick', data: { seq: 3 }, offset: '3' },
      { name: 'note', data: 'end', offset: '4' },
    ]);
  });

  test('send to a connection of a history namespace goes through the stream, in one order with broadcasts', async () => {
    const server = await bed.start();
    const { client, ready } = await bed.connect(server.wsUrl('/ws/feed'));
    const other = await bed.connect(server.wsUrl('/ws/feed'));
    const feed = server.app.socketNamespace('/feed');
    void feed.broadcast('tick', { seq: 1 });
    const sent = server.app.socketEvent.send(ready.id, 'note', 'just you');
    void feed.broadcast('tick', { seq: 2 });
    expect(await sent).toEqual({ epoch: ready.epoch, offset: '2' });
    await client.nextEvent(e => e.data !== null && (e.data as { seq?: number }).seq === 2);
    expect(client.events.slice(1).map(e => e.offset)).toEqual(['1', '2', '3']);
    await other.client.nextEvent(e => e.offset === '3');
    expect(other.client.events.slice(1).map(e => e.offset)).toEqual(['1', '3']);
  });

  test('room broadcasts and exclude apply to history namespaces too', async () => {
    const server = await bed.start();
    const a = await bed.connect(server.wsUrl('/ws/feed'));
    const b = await bed.connect(server.wsUrl('/ws/feed'));
    const feed = server.app.socketNamespace('/feed');
    feed.join(a.ready.id, 'r1');
    await feed.broadcast('tick', { seq: 1 }, { room: 'r1' });
    await feed.broadcast('tick', { seq: 2 }, { exclude: a.ready.id });
    await feed.broadcast('note', 'all');
    await a.client.nextEvent(e => e.name === 'note');
    await b.client.nextEvent(e => e.name === 'note');
    expect(a.client.events.slice(1).map(e => e.offset)).toEqual(['1', '3']);
    expect(b.client.events.slice(1).map(e => e.offset)).toEqual(['2', '3']);
  });
});

describe('awaitable broadcast and send', () => {
  test('a history broadcast resolves with its epoch and offset once appended; others with an empty receipt', async () => {
    const server = await bed.start();
    const { ready } = await bed.connect(server.wsUrl('/ws/feed'));
    expect(await server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 })).toEqual({
      epoch: ready.epoch,
      offset: '1',
    });
    expect(await server.app.socketEvent.broadcast('/feed', 'tick', { seq: 2 })).toEqual({
      epoch: ready.epoch,
      offset: '2',
    });
    const plain = await server.app.socketNamespace('/plain').broadcast('tick', { seq: 1 });
    expect(plain).toEqual({});
    expect(Object.isFrozen(plain)).toBe(true);
    expect(await server.app.socketEvent.send('nobody', 'x', 1)).toEqual({});
  });

  test('a failed append rejects for whoever awaits it and is logged, never an unhandled rejection when ignored', async () => {
    const history = new MemoryHistory({ logger: createConsoleLogger('silent') });
    const lines: string[] = [];
    const logger = { ...createConsoleLogger('silent'), error: (message: string) => void lines.push(message) };
    const server = await bed.start({ history, logger });
    await history.close();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      void server.app.socketNamespace('/feed').broadcast('tick', { seq: 1 });
      const awaited = await server.app
        .socketNamespace('/feed')
        .broadcast('tick', { seq: 2 })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(awaited).toBeInstanceOf(HistoryError);
      expect((awaited as HistoryError).reason).toBe('closed');
      await new Promise(resolve => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(lines.some(line => line.includes('broadcast of "tick" to history namespace /feed failed'))).toBe(true);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('one total order across processes', () => {
  test('two apps on one MemoryHistoryHub deliver every event in the same order, with consecutive offsets', async () => {
    const hub = new MemoryHistoryHub();
    const bus = new MemoryBusHub();
    const [one, two] = [
      await bed.start({ history: new MemoryHistory({ hub }), bus: bus.createBus() }),
      await bed.start({ history: new MemoryHistory({ hub }), bus: bus.createBus() }),
    ];
    const onOne = await bed.connect(one.wsUrl('/ws/feed'));
    const onTwo = await bed.connect(two.wsUrl('/ws/feed'));
    const sends: Promise<unknown>[] = [];
    for (let seq = 1; seq <= 20; seq++) {
      const app = seq % 2 === 0 ? one.app : two.app;
      sends.push(app.socketNamespace('/feed').broadcast('tick', { seq }));
    }
    // A send from the other process to a connection it does not hold: the namespace bean knows its namespace.
    sends.push(one.app.socketNamespace('/feed').send(onTwo.ready.id, 'note', 'from one'));
    await Promise.all(sends);
    await onOne.client.nextEvent(e => e.offset === '20');
    await onTwo.client.nextEvent(e => e.offset === '21');
    const seen = (events: { name: string; data: unknown; offset?: string }[]) =>
      events.filter(e => e.name === 'tick').map(e => `${e.offset}:${(e.data as { seq: number }).seq}`);
    expect(seen(onOne.client.events)).toEqual(seen(onTwo.client.events));
    expect(onOne.client.events.slice(1).map(e => Number(e.offset))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(onTwo.client.events.at(-1)).toEqual({ name: 'note', data: 'from one', offset: '21' });
  });
});

describe('the history option', () => {
  test.each([
    [{ size: 0, ttl: 1000 }, 'history size 0'],
    [{ size: 1.5, ttl: 1000 }, 'history size 1.5'],
    [{ size: 10, ttl: 0 }, 'history ttl 0'],
    [{ size: 10, ttl: -5 }, 'history ttl -5'],
  ])('%j is a start-up error naming the namespace', (history, message) => {
    @SocketNamespace({ namespace: '/bad', history })
    class SocketNamespaceBad extends BeanSocketNamespaceBase {}
    const error = thrownBy(() => createApp({ modules: [defineModule({ name: 'bad', beans: [SocketNamespaceBad] })] }));
    expect(error).toBeInstanceOf(ASocketError);
    expect((error as Error).message).toContain('"/bad"');
    expect((error as Error).message).toContain(message);
  });

  test('without history namespaces the app has no history store and no recovery onion', async () => {
    const app = createApp({ logger: createConsoleLogger('silent') });
    expect(app.plugins.history).toBeUndefined();
    expect(app.plugins.sessions).toBeUndefined();
    const server = await bed.start();
    expect(server.app.plugins.history).toBeInstanceOf(MemoryHistory);
    expect(server.app.onion.inspect('socketConnection', '/feed')).toContain('a-socket:recovery');
    expect(server.app.onion.inspect('socketConnection', '/plain')).not.toContain('a-socket:recovery');
  });
});
