import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { ILogger } from '../../../src/index.js';
import { RedisBus } from '../../../src/bus/redis/index.js';
import { startTestServer, type ITestServer } from '../../support/testServer.js';
import { waitFor } from '../../support/waitFor.js';
import { TestClient } from '../../support/wsClient.js';
import { receivedNumbers } from '../deliveryCount.js';
import { TcpGate } from '../tcpGate.js';
import { useRedisAdmin } from '../history/redisFixture.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN_PREFIX = `a-socket-test-outage-${process.pid}-${randomUUID()}`;

const admin = useRedisAdmin();
let testIndex = 0;

function recordingLogger(): ILogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string) => void lines.push(message);
  return { lines, debug: record, info: record, warn: record, error: record };
}

async function subscriberCount(channel: string): Promise<number> {
  const [, count] = (await admin().pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}

/** Like `waitFor`, for a condition that has to ask Redis. */
async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/**
 * Process A reaches Redis through a gate the test shuts and opens; process B reaches it directly.
 * Both are real apps with real sockets in this process, joined by the real Redis.
 */
describe('RedisBus through a Redis outage', () => {
  let gate: TcpGate;
  const servers: ITestServer[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.close()));
    await Promise.all(servers.splice(0).map(server => server.close()));
    await gate.close();
  });

  async function startNode(name: string, url: string, prefix: string, logger: ILogger): Promise<ITestServer> {
    const bus = new RedisBus({ url, prefix, name, logger, subscribeWaitMs: 200, reconnectDelayMaxMs: 100 });
    const server = await startTestServer({ bus, workerId: name });
    servers.push(server);
    return server;
  }

  async function connect(server: ITestServer): Promise<TestClient> {
    const client = new TestClient(server.wsUrl('/ws'));
    clients.push(client);
    await client.ready();
    return client;
  }

  const busOf = (server: ITestServer) => server.app.plugins.bus as RedisBus;

  test('Redis down at start: appReady goes on after subscribeWaitMs, local delivery works, and the bus joins in once Redis is reachable', async () => {
    const prefix = `${RUN_PREFIX}-${++testIndex}`;
    gate = await TcpGate.start(REDIS_URL, { open: false });
    const loggerA = recordingLogger();
    const started = Date.now();
    const a = await startNode('a', gate.urlFor(REDIS_URL), prefix, loggerA);
    const startedIn = Date.now() - started;
    const b = await startNode('b', REDIS_URL, prefix, recordingLogger());
    const onA = await connect(a);
    const onB = await connect(b);

    expect(startedIn).toBeGreaterThanOrEqual(190);
    expect(startedIn).toBeLessThan(2000);
    expect(loggerA.lines.some(line => line.includes('within 200 ms (subscribeWaitMs)'))).toBe(true);

    // Redis unreachable from A: its own client still gets its broadcasts at once; the publication
    // for B waits in the buffer. What B publishes now never reaches A (pub/sub keeps no history).
    a.app.socketEvent.broadcast('/', 'probe', { n: 1 });
    b.app.socketEvent.broadcast('/', 'probe', { n: 2 });
    await waitFor(() => receivedNumbers(onA, 'probe').includes(1) && receivedNumbers(onB, 'probe').includes(2));
    expect(busOf(a).stats.buffered).toBe(1);

    gate.open();
    await waitForAsync(async () => (await subscriberCount(busOf(a).channel)) === 2);
    await waitFor(() => loggerA.lines.some(line => line.includes(`subscribed to ${busOf(a).channel}`)));
    await waitFor(() => receivedNumbers(onB, 'probe').includes(1));

    b.app.socketEvent.broadcast('/', 'probe', { n: 3 });
    await waitFor(() => receivedNumbers(onA, 'probe').includes(3));
    expect(receivedNumbers(onA, 'probe')).toEqual([1, 3]);
    expect(receivedNumbers(onB, 'probe')).toEqual([2, 1, 3]);
  });

  test('Redis lost mid-run: local delivery never stops, publications made meanwhile are flushed once, delivery resumes both ways', async () => {
    const prefix = `${RUN_PREFIX}-${++testIndex}`;
    gate = await TcpGate.start(REDIS_URL, { open: true });
    const a = await startNode('a', gate.urlFor(REDIS_URL), prefix, recordingLogger());
    const b = await startNode('b', REDIS_URL, prefix, recordingLogger());
    const onA = await connect(a);
    const onB = await connect(b);
    await waitForAsync(async () => (await subscriberCount(busOf(a).channel)) === 2);
    a.app.socketEvent.broadcast('/', 'probe', { n: 0 });
    await waitFor(() => receivedNumbers(onB, 'probe').includes(0) && busOf(a).stats.publisherReady);

    gate.shut();
    await waitFor(() => !busOf(a).stats.publisherReady && !busOf(a).stats.subscriberReady);
    for (let n = 10; n < 15; n++) a.app.socketEvent.broadcast('/', 'probe', { n });
    await waitFor(() => receivedNumbers(onA, 'probe').length === 6);
    expect(receivedNumbers(onA, 'probe')).toEqual([0, 10, 11, 12, 13, 14]);

    gate.open();
    await waitForAsync(async () => (await subscriberCount(busOf(a).channel)) === 2);
    await waitFor(() => receivedNumbers(onB, 'probe').length === 6);
    b.app.socketEvent.broadcast('/', 'probe', { n: 20 });
    await waitFor(() => receivedNumbers(onA, 'probe').includes(20));
    a.app.socketEvent.broadcast('/', 'probe', { n: 21 });
    await waitFor(() => receivedNumbers(onB, 'probe').includes(21));

    expect(receivedNumbers(onA, 'probe')).toEqual([0, 10, 11, 12, 13, 14, 20, 21]);
    expect(receivedNumbers(onB, 'probe')).toEqual([0, 10, 11, 12, 13, 14, 20, 21]);
    expect(busOf(a).stats).toMatchObject({ dropped: 0, buffered: 0 });
  });
});
