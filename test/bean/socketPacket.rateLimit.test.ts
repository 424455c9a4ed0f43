import { describe, expect, test } from '@jest/globals';
import type { ISocketConfig } from '../../src/index.js';
import { SocketPacketRateLimit } from '../../src/bean/socketPacket.rateLimit.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { captureLogger } from '../support/captureLogger.js';
import { testApi } from '../support/listeners.js';
import { modulePacketProbe } from '../support/packetProbe.js';
import { type ITestServer } from '../support/testServer.js';
import { useSocketFixture } from '../support/socketFixture.js';
import { waitFor } from '../support/waitFor.js';
import { TestClient } from '../support/wsClient.js';

type RateLimit = ISocketConfig['rateLimit'];

describe('a-socket:rateLimit', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();
  let logger: ReturnType<typeof captureLogger>;

  async function start(rateLimit?: Partial<RateLimit>) {
    logger = captureLogger();
    server = await fixture.start({
      modules: [modulePacketProbe],
      executor: createRequestListenerExecutor(testApi),
      logger,
      config: { modules: { 'a-socket': { rateLimit } } },
    });
  }

  async function connect(): Promise<TestClient> {
    const client = fixture.client(server.wsUrl('/ws'));
    await client.ready();
    return client;
  }

  /** Sends `count` echo events at once, then an RPC marker; resolves with the echoes answered before the marker. */
  async function burstOfEchoes(client: TestClient, count: number): Promise<number> {
    for (let n = 0; n < count; n++) client.sendEvent('echo', n);
    await new Promise(resolve => setTimeout(resolve, 60));
    return client.events.filter(event => event.name === 'echo').length;
  }

  test('is off by default: 500 packets at once are all handled', async () => {
    await start();
    const client = await connect();
    for (let n = 0; n < 500; n++) client.sendEvent('echo', n);
    await waitFor(() => client.events.filter(event => event.name === 'echo').length === 500);
    expect(server.app.onion.inspect('socketPacket', '/')[0]).toBe('a-socket:rateLimit');
  });

  test("'drop' (the default action) drops packets beyond the burst, counts and logs them once, and the connection stays", async () => {
    await start({ packetsPerSecond: 5, burst: 5 });
    const flooder = await connect();
    const neighbour = await connect();
    expect(await burstOfEchoes(flooder, 30)).toBe(5);
    expect(server.app.bean(SocketPacketRateLimit).droppedPackets).toBe(25);
    const warnings = logger.lines.filter(line => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toContain('over the packet rate limit (5 packets/s, burst 5)');
    // The neighbour has its own bucket; the flooder's refills at 5 a second.
    expect(await burstOfEchoes(neighbour, 5)).toBe(5);
    await new Promise(resolve => setTimeout(resolve, 250));
    flooder.sendEvent('echo', 'again');
    await waitFor(() => flooder.events.some(event => event.data === 'again'));
    expect(flooder.ws.readyState).toBe(flooder.ws.OPEN);
    await flooder.close();
    await waitFor(() => logger.lines.some(line => line.message.endsWith('had 25 packets dropped')));
  });

  test('a dropped RPC answers 429 at once instead of leaving its caller to time out', async () => {
    await start({ packetsPerSecond: 1, burst: 2 });
    const client = await connect();
    for (let i = 1; i <= 4; i++) client.sendEvent('_b', { i, m: 'post', p: '/api/echo', b: i });
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push((await client.nextEvent(event => event.name === '_c')).data);
    expect(answers).toEqual(
      expect.arrayContaining([
        { i: 1, c: 0, d: 1 },
        { i: 2, c: 0, d: 2 },
        { i: 3, c: 429, m: 'packet rate limit exceeded (1 packets/s, burst 2): call dropped' },
        { i: 4, c: 429, m: 'packet rate limit exceeded (1 packets/s, burst 2): call dropped' },
      ]),
    );
  });

  test("'close' closes the connection with 1008 at the first packet over the limit; a neighbour is undisturbed", async () => {
    await start({ packetsPerSecond: 20, burst: 5, action: 'close' });
    const flooder = await connect();
    const neighbour = await connect();
    for (let n = 0; n < 30; n++) flooder.sendEvent('echo', n);
    expect(await flooder.closed).toEqual({ code: 1008, reason: 'packet rate limit exceeded' });
    expect(flooder.events.filter(event => event.name === 'echo')).toHaveLength(5);
    expect(logger.lines.filter(line => line.level === 'warn')).toHaveLength(1);
    neighbour.sendEvent('echo', 'fine');
    expect(await neighbour.nextEvent(event => event.name === 'echo')).toEqual({ name: 'echo', data: 'fine' });
    await waitFor(() => server.app.registry.size === 1);
  });

  test('an onion override limits some namespaces only, like any onion', async () => {
    logger = captureLogger();
    server = await fixture.start({
      modules: [modulePacketProbe],
      logger,
      config: {
        modules: { 'a-socket': { rateLimit: { packetsPerSecond: 1, burst: 1 } } },
        onions: { socketPacket: { 'a-socket:rateLimit': { ignore: '/' } } },
      },
    });
    const client = await connect();
    expect(await burstOfEchoes(client, 10)).toBe(10);
  });
});
