import net from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { ISocketAppOptions } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { testApi } from '../support/listeners.js';
import { modulePacketProbe, packetProbe } from '../support/packetProbe.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

/**
 * The bad-input matrix of docs/protocol.md: every frame a client can send has a defined outcome, and a
 * neighbour connection on the same server keeps working whatever the other one sent.
 */
describe('bad input', () => {
  let server: ITestServer;
  let neighbour: TestClient;
  const fixture = useSocketFixture();

  async function start(options: ISocketAppOptions = {}) {
    server = await fixture.start({
      modules: [modulePacketProbe],
      executor: createRequestListenerExecutor(testApi),
      ...options,
    });
    neighbour = await connect();
  }

  async function connect(): Promise<TestClient> {
    const client = fixture.client(server.wsUrl('/ws'));
    await client.ready();
    return client;
  }

  /** The neighbour answers an echo, and `client` (if still open) handled everything sent before. */
  async function expectStillWorking(...more: TestClient[]) {
    for (const client of [neighbour, ...more]) {
      client.sendEvent('echo', 'alive');
      expect(await client.nextEvent(event => event.name === 'echo')).toEqual({ name: 'echo', data: 'alive' });
    }
  }

  async function idOf(client: TestClient): Promise<string> {
    return (client.events.find(event => event.name === '_a')!.data as { id: string }).id;
  }

  afterEach(async () => {
    packetProbe.reset();
  });

  describe('frames that are not events pass on as [undefined, frame]; no answer, the connection stays', () => {
    test.each([
      ['no prefix', 'hello'],
      ['malformed JSON after the prefix', '_:["echo",'],
      ['the prefix alone', '_:'],
      ['an object', '_:{"a":1}'],
      ['null', '_:null'],
      ['a string', '_:"echo"'],
      ['an empty array', '_:[]'],
      ['a first element that is not a string', '_:[1,2]'],
      ['three elements whose third is not an offset', '_:["echo",1,2]'],
      ['a third element that is not decimal digits', '_:["echo",1,"x"]'],
      ['100,000 unclosed brackets', '_:' + '['.repeat(100_000)],
      ['100,000 nested arrays', '_:' + '['.repeat(100_000) + ']'.repeat(100_000)],
    ])('%s', async (_label, frame) => {
      await start();
      const client = await connect();
      client.send(frame);
      await expectStillWorking(client);
      const seen = packetProbe.of(await idOf(client));
      expect(seen).toHaveLength(2);
      expect(seen[0][0]).toBeUndefined();
      expect(seen[0][1] === frame).toBe(true);
      expect(client.events.filter(event => event.name !== '_a' && event.name !== 'echo')).toEqual([]);
    });
  });

  test('an offset a client puts as a third element is ignored: packet onions see [name, data]', async () => {
    await start();
    const client = await connect();
    client.send('_:["echo","with offset","7"]');
    expect(await client.nextEvent(event => event.name === 'echo')).toEqual({ name: 'echo', data: 'with offset' });
    expect(packetProbe.of(await idOf(client))[0]).toEqual(['echo', 'with offset']);
  });

  test('a one-element array is an event without data', async () => {
    await start();
    const client = await connect();
    client.send('_:["ping"]');
    await expectStillWorking(client);
    expect(packetProbe.of(await idOf(client))[0]).toEqual(['ping', undefined]);
  });

  test('unknown short codes pass on as event names, and client-sent server codes are ignored by the built-ins', async () => {
    await start();
    const client = await connect();
    client.send('_:["_z",1]');
    client.send('_:["_a",{"id":"forged"}]');
    client.send('_:["_c",{"i":1,"c":0,"d":"forged"}]');
    await expectStillWorking(client);
    expect(packetProbe.of(await idOf(client)).slice(0, 3)).toEqual([
      ['_z', 1],
      ['sysReady', { id: 'forged' }],
      ['sysPerformActionBack', { i: 1, c: 0, d: 'forged' }],
    ]);
    expect(client.events.map(event => event.name)).toEqual(['_a', 'echo']);
  });

  test('an event with data nested 100,000 levels deep passes on, and the process stays up', async () => {
    await start();
    const client = await connect();
    client.send(`_:["deep",${'['.repeat(100_000)}${']'.repeat(100_000)}]`);
    await expectStillWorking(client);
    expect(packetProbe.of(await idOf(client)).map(packet => packet[0])).toEqual(['deep', 'echo']);
  });

  describe('RPC payloads with missing or mistyped fields answer 400 naming the field; the connection stays', () => {
    test.each([
      ['an array payload', [1, 'get', '/api/echo'], null, 'payload must be an object'],
      ['no payload', undefined, null, 'payload must be an object'],
      ['an object id', { i: { n: 1 }, m: 'get', p: '/api/echo' }, null, 'i must be'],
      ['an empty string id', { i: '', m: 'get', p: '/api/echo' }, null, 'i must be'],
      ['a 65-character id', { i: 'x'.repeat(65), m: 'get', p: '/api/echo' }, null, 'i must be'],
      ['an id of 1e400 (Infinity)', '1e400', null, 'i must be'],
      ['no method', { i: 1, p: '/api/echo' }, 1, 'm must be'],
      ['a numeric method', { i: 2, m: 1, p: '/api/echo' }, 2, 'm must be'],
      ['no path', { i: 3, m: 'get' }, 3, 'p must be'],
      ['a numeric path', { i: 4, m: 'get', p: 42 }, 4, 'p must be'],
      ['a path of 2,049 characters', { i: 5, m: 'get', p: '/' + 'a'.repeat(2048) }, 5, 'p must be'],
      ['an array query', { i: 6, m: 'get', p: '/api/echo', q: [1] }, 6, 'q must be an object'],
      ['array headers', { i: 7, m: 'get', p: '/api/echo', h: ['x'] }, 7, 'h must be'],
      ['a body nested 100,000 levels', 'deep-body', 8, 'b nests deeper than 64 levels'],
      ['a query nested 65 levels', 'deep-query', 9, 'q nests deeper than 64 levels'],
    ])('%s', async (_label, payload, expectedId, message) => {
      await start();
      const client = await connect();
      if (payload === '1e400') client.send('_:["_b",{"i":1e400,"m":"get","p":"/api/echo"}]');
      else if (payload === 'deep-body')
        client.send(`_:["_b",{"i":8,"m":"post","p":"/api/echo","b":${'['.repeat(1e5)}${']'.repeat(1e5)}}]`);
      else if (payload === 'deep-query')
        client.send(`_:["_b",{"i":9,"m":"get","p":"/api/echo","q":${'{"a":'.repeat(65)}1${'}'.repeat(65)}}]`);
      else client.sendEvent('_b', payload);
      const back = (await client.nextEvent(event => event.name === '_c')).data as { i: unknown; c: number; m: string };
      expect(back).toMatchObject({ i: expectedId, c: 400 });
      expect(back.m).toContain(message);
      client.sendEvent('_b', { i: 'next', m: 'post', p: '/api/echo', b: { nested: [[[1]]] } });
      expect((await client.nextEvent(event => event.name === '_c')).data).toEqual({
        i: 'next',
        c: 0,
        d: { nested: [[[1]]] },
      });
      await expectStillWorking();
    });
  });

  describe('frame size', () => {
    test('the default maxPayload is 1 MiB: a frame of exactly 1 MiB passes, one byte more closes with 1009', async () => {
      await start();
      const fits = await connect();
      fits.send('x'.repeat(1024 * 1024));
      await expectStillWorking(fits);
      const tooBig = await connect();
      tooBig.send('x'.repeat(1024 * 1024 + 1));
      expect((await tooBig.closed).code).toBe(1009);
      await expectStillWorking();
      await waitFor(() => server.app.registry.size === 2);
    });

    test('a configured maxPayload applies to fragmented messages as a whole', async () => {
      await start({ config: { modules: { 'a-socket': { maxPayload: 1000 } } } });
      const client = await connect();
      client.ws.send('a'.repeat(600), { fin: false });
      client.ws.send('a'.repeat(600), { fin: true });
      expect((await client.closed).code).toBe(1009);
      await expectStillWorking();
    });
  });

  describe('binary frames', () => {
    test("by default (binaryFrames: 'pass') they pass on as [undefined, Buffer] and the built-ins ignore them", async () => {
      await start();
      const client = await connect();
      client.ws.send(Buffer.from([0, 1, 2, 255]));
      client.ws.send(Buffer.from('_:["echo","not an event when binary"]'));
      await expectStillWorking(client);
      const seen = packetProbe.of(await idOf(client));
      expect(seen[0]).toEqual([undefined, Buffer.from([0, 1, 2, 255])]);
      expect(Buffer.isBuffer(seen[1][1])).toBe(true);
      expect(client.events.map(event => event.name)).toEqual(['_a', 'echo']);
    });

    test("with binaryFrames: 'close' a binary frame closes with 1003", async () => {
      await start({ config: { modules: { 'a-socket': { binaryFrames: 'close' } } } });
      const client = await connect();
      client.ws.send(Buffer.from([1, 2, 3]));
      expect(await client.closed).toEqual({ code: 1003, reason: 'binary frames are not accepted' });
      await expectStillWorking();
    });
  });

  test('a text frame that is not valid UTF-8 closes with 1007 (ws validates it)', async () => {
    await start();
    const client = await connect();
    client.ws.send(Buffer.from([0x5f, 0x3a, 0xff, 0xfe]), { binary: false });
    expect((await client.closed).code).toBe(1007);
    await expectStillWorking();
    await waitFor(() => server.app.registry.size === 1);
  });

  test('a frame that breaks the WebSocket protocol (a reserved opcode) closes with 1002 (ws checks it)', async () => {
    await start();
    const client = await connect();
    // FIN + opcode 0x3 (reserved), masked, empty payload: written under the ws client, which would never send it.
    const socket = (client.ws as unknown as { _socket: { write(data: Buffer): void } })._socket;
    socket.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4]));
    expect((await client.closed).code).toBe(1002);
    await expectStillWorking();
  });

  test('pings are answered one by one without limit, but 61 in one read (60 pongs waiting) terminate the connection: 1006, exit chain, neighbour unaffected', async () => {
    await start();
    const steady = await connect();
    let pongs = 0;
    steady.ws.on('pong', () => pongs++);
    for (let n = 1; n <= 200; n++) {
      steady.ws.ping();
      await waitFor(() => pongs === n);
    }
    expect(steady.ws.readyState).toBe(steady.ws.OPEN);

    const burst = await connect();
    const burstId = await idOf(burst);
    // Corked: the 61 pings leave in one write and the server parses them in one go, before any pong is written.
    const socket = (burst.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (let n = 0; n < 61; n++) burst.ws.ping();
    socket.uncork();
    expect((await burst.closed).code).toBe(1006);
    await waitFor(() => server.app.registry.get(burstId) === undefined);
    await expectStillWorking(steady);
  });

  test('an upgrade request without Sec-WebSocket-Key is answered HTTP 400 and no connection is registered', async () => {
    await start();
    const response = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write(
          'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      let text = '';
      socket.on('data', chunk => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(response.startsWith('HTTP/1.1 400')).toBe(true);
    expect(server.app.registry.size).toBe(1);
    await expectStillWorking();
  });
});
