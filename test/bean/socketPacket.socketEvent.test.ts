import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import {
  BeanBase,
  BeanSocketNamespaceBase,
  defineModule,
  SocketActionError,
  SocketEvent,
  SocketNamespace,
  SocketPacket,
  type ILogger,
  type ISocketEventContext,
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type ISocketWebSocket,
  type SocketPacketNext,
  type StandardSchemaV1,
} from '../../src/index.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { TestClient } from '../support/wsClient.js';

const sendSchema = z.object({ text: z.string().min(1), mood: z.string().default('calm') });

/** A Standard Schema written by hand, asynchronous: nothing ties the dispatcher to zod. */
const evenNumber: StandardSchemaV1<number> = {
  '~standard': {
    version: 1,
    vendor: 'hand-made',
    validate: async value =>
      typeof value === 'number' && value % 2 === 0
        ? { value }
        : { issues: [{ message: 'expected an even number', path: [{ key: 'n' }, 0] }] },
  },
};

const calls: Array<{ event: string; data: unknown; id: string; user: string | undefined }> = [];

@SocketNamespace({ namespace: '/typed' })
class SocketNamespaceTyped extends BeanSocketNamespaceBase<{ said: { text: string; mood: string; from: string } }> {
  @SocketEvent('typed:send', { schema: sendSchema })
  post(data: z.output<typeof sendSchema>, { ws, ctx, eventName }: ISocketEventContext) {
    calls.push({ event: eventName, data, id: ws.id, user: ctx.user?.name });
    this.broadcast('said', { ...data, from: ws.id }, { exclude: ws.id });
  }

  @SocketEvent('typed:even', { schema: evenNumber })
  even(n: number, { ws }: ISocketEventContext) {
    ws.sendEvent('even:ok', n);
  }

  @SocketEvent('typed:raw')
  raw(data: unknown, { ws }: ISocketEventContext) {
    calls.push({ event: 'typed:raw', data, id: ws.id, user: undefined });
  }

  @SocketEvent('typed:fail')
  fail() {
    throw new Error('handler bug');
  }

  @SocketEvent('typed:forbidden')
  async forbidden() {
    await Promise.resolve();
    throw new SocketActionError(403, 'only moderators may do that');
  }
}

/** A namespace without handlers: the same event name passes on there. */
@SocketNamespace({ namespace: '/plain' })
class SocketNamespacePlain extends BeanSocketNamespaceBase {}

const seenAfter: unknown[] = [];
const seenBefore: unknown[] = [];

/** Runs after the dispatcher: sees only what no handler took. */
@SocketPacket({ dependencies: 'a-socket:socketEvent' })
class SocketPacketAfter extends BeanBase implements ISocketPacketExecute {
  execute(data: unknown, _ws: ISocketWebSocket, _options: ISocketPacketOptions, next: SocketPacketNext) {
    seenAfter.push(data);
    return next();
  }
}

/** Declares itself before the dispatcher: sees every event, handled ones included. */
@SocketPacket({ dependencies: 'a-socket:event', dependents: 'a-socket:socketEvent' })
class SocketPacketBefore extends BeanBase implements ISocketPacketExecute {
  execute(data: unknown, _ws: ISocketWebSocket, _options: ISocketPacketOptions, next: SocketPacketNext) {
    seenBefore.push(data);
    return next();
  }
}

const moduleTyped = defineModule({
  name: 'test-typed',
  beans: [SocketNamespaceTyped, SocketNamespacePlain, SocketPacketAfter, SocketPacketBefore],
});

describe('a-socket:socketEvent: @SocketEvent handlers', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();
  const errors: unknown[][] = [];
  const logger: ILogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (...args) => errors.push(args),
  };

  async function connect(path = '/ws/typed'): Promise<{ client: TestClient; id: string }> {
    const client = fixture.client(server.wsUrl(path));
    return { client, id: await client.ready() };
  }

  async function start() {
    server = await fixture.start({ modules: [moduleTyped], logger });
  }

  afterEach(async () => {
    calls.length = 0;
    errors.length = 0;
    seenAfter.length = 0;
    seenBefore.length = 0;
  });

  test('inspect shows the dispatcher after performAction, in every namespace', async () => {
    await start();
    // Other built-in onions may come and go around these; their relative order is what this test is about.
    const ours = [
      'a-socket:event',
      'a-socket:performAction',
      'test-typed:before',
      'a-socket:socketEvent',
      'test-typed:after',
    ];
    const packetChain = server.app.onion.inspect('socketPacket', '/typed');
    expect(packetChain.filter(name => ours.includes(name))).toEqual(ours);
    expect(server.app.onion.inspect('socketPacket', '/plain')).toContain('a-socket:socketEvent');
  });

  test("the handler receives the schema's output and the sender's socket and context; others hear the broadcast", async () => {
    await start();
    const sender = await connect();
    const listener = await connect();
    sender.client.sendEvent('typed:send', { text: 'hello' });
    const said = await listener.client.nextEvent(event => event.name === 'said');
    expect(said.data).toEqual({ text: 'hello', mood: 'calm', from: sender.id });
    expect(calls).toEqual([
      { event: 'typed:send', data: { text: 'hello', mood: 'calm' }, id: sender.id, user: undefined },
    ]);
    expect(sender.client.events.map(event => event.name)).toEqual(['_a']);
  });

  test('bad data answers the sender with sysEventError 400 and the issues; the handler is not called; the connection stays', async () => {
    await start();
    const { client } = await connect();
    client.sendEvent('typed:send', { text: '', extra: 1 });
    const error = await client.nextEvent(event => event.name === 'sysEventError');
    expect(error.data).toEqual({
      event: 'typed:send',
      code: 400,
      message: 'invalid data for "typed:send"',
      issues: [{ path: ['text'], message: expect.stringContaining('>=1') }],
    });
    client.sendEvent('typed:send', 'not even an object');
    const second = await client.nextEvent(event => event.name === 'sysEventError');
    expect((second.data as { issues: unknown[] }).issues).toEqual([{ path: [], message: expect.any(String) }]);
    expect(calls).toEqual([]);

    client.sendEvent('typed:raw', { still: 'open' });
    client.sendEvent('typed:even', 4);
    await client.nextEvent(event => event.name === 'even:ok');
    expect(calls).toEqual([{ event: 'typed:raw', data: { still: 'open' }, id: expect.any(String), user: undefined }]);
  });

  test('any Standard Schema works, asynchronous too; path segments come back as keys', async () => {
    await start();
    const { client } = await connect();
    client.sendEvent('typed:even', 3);
    const error = await client.nextEvent(event => event.name === 'sysEventError');
    expect(error.data).toEqual({
      event: 'typed:even',
      code: 400,
      message: 'invalid data for "typed:even"',
      issues: [{ path: ['n', 0], message: 'expected an even number' }],
    });
    client.sendEvent('typed:even', 8);
    expect((await client.nextEvent(event => event.name === 'even:ok')).data).toBe(8);
  });

  test('a handler that throws is logged and answered with 500; a SocketActionError sends its status and message', async () => {
    await start();
    const { client, id } = await connect();
    client.sendEvent('typed:fail', null);
    expect((await client.nextEvent(event => event.name === 'sysEventError')).data).toEqual({
      event: 'typed:fail',
      code: 500,
      message: 'internal server error',
    });
    expect(errors).toEqual([
      [`SocketNamespaceTyped.fail failed handling "typed:fail" from ${id} on /typed`, new Error('handler bug')],
    ]);
    client.sendEvent('typed:forbidden', null);
    expect((await client.nextEvent(event => event.name === 'sysEventError')).data).toEqual({
      event: 'typed:forbidden',
      code: 403,
      message: 'only moderators may do that',
    });
    expect(errors).toHaveLength(1);
    client.sendEvent('typed:even', 2);
    await client.nextEvent(event => event.name === 'even:ok');
  });

  test('handled events stop at the dispatcher; unhandled events, raw frames and other namespaces pass on', async () => {
    await start();
    const typed = await connect();
    const plain = await connect('/ws/plain');
    typed.client.sendEvent('typed:raw', 1);
    typed.client.sendEvent('typed:unknown', 2);
    typed.client.send('not an event');
    plain.client.sendEvent('typed:raw', 3);
    // An RPC round trip on each connection: its answer comes after the frames sent before it were handled.
    typed.client.sendEvent('_b', { i: 1, m: 'get', p: '/x' });
    plain.client.sendEvent('_b', { i: 1, m: 'get', p: '/x' });
    await typed.client.nextEvent(event => event.name === '_c');
    await plain.client.nextEvent(event => event.name === '_c');
    expect(calls.map(call => call.data)).toEqual([1]);
    // Two connections: their frames may interleave in any order, each connection's keep theirs.
    const unhandled = [
      ['typed:unknown', 2],
      [undefined, 'not an event'],
      ['typed:raw', 3],
    ];
    expect(seenAfter).toHaveLength(unhandled.length);
    expect(seenAfter).toEqual(expect.arrayContaining(unhandled));
    expect(seenBefore).toHaveLength(unhandled.length + 1);
    expect(seenBefore).toEqual(expect.arrayContaining([['typed:raw', 1], ...unhandled]));
  });
});
