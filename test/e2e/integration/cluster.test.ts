import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { performAction } from '../examples/demoHarness.js';
import { waitFor } from '../../support/waitFor.js';
import { TestClient } from '../../support/wsClient.js';
import { useSocketFixture } from '../../support/socketFixture.js';
import { countEvents, receivedNumbers } from '../../bus/deliveryCount.js';
import {
  buildDemo,
  killDemoProcesses,
  postJson,
  removeBuild,
  runDemoToExit,
  startDemoProcess,
  type IDemoProcess,
} from './demoProcess.js';
import { REDIS_URL, RedisAdmin } from './redisAdmin.js';

/** After the marker arrived, how long a duplicate gets to show up before the count is taken. */
const SETTLE_MS = 150;
const MAX_CLIENTS_TO_SPREAD = 16;

/** `npm start` with WORKERS=2 and REDIS_URL: a primary and two node:cluster workers sharing one port. */
describe('WORKERS=2: the demo as two cluster workers on one port', () => {
  const prefix = `a-socket-test-cluster-${process.pid}-${randomUUID()}`;
  const channel = `${prefix}:broadcast`;
  let buildDir: string | undefined;
  let admin: RedisAdmin;
  let primary: IDemoProcess;
  const fixture = useSocketFixture();

  beforeAll(async () => {
    [buildDir, admin] = await Promise.all([buildDemo('cluster'), RedisAdmin.connect()]);
    primary = await startDemoProcess(buildDir, { WORKERS: '2', REDIS_URL, REDIS_PREFIX: prefix });
  }, 30_000);

  afterAll(async () => {
    await killDemoProcesses();
    await admin?.deleteKeys(prefix);
    await admin?.close();
    await removeBuild(buildDir);
  });

  /** Worker slot → pid of its latest process, from the primary's `worker N (pid P) listening` lines. */
  function listeningWorkers(): Map<number, number> {
    const workers = new Map<number, number>();
    for (const [, slot, pid] of primary.stdout.matchAll(/worker (\d+) \(pid (\d+)\) listening/g)) {
      workers.set(Number(slot), Number(pid));
    }
    return workers;
  }

  async function connect(): Promise<{ client: TestClient; id: string }> {
    const client = fixture.client(primary.wsUrl());
    return { client, id: await client.ready() };
  }

  /**
   * Connects clients until both workers hold some. A socket call is answered by the process holding
   * the socket, so each client asks for its own process's count of `/` connections: as long as every
   * client sees them all, they all live in one worker.
   */
  async function connectAcrossWorkers(): Promise<{ client: TestClient; id: string }[]> {
    const connected = [await connect(), await connect()];
    for (;;) {
      const counts = await Promise.all(
        connected.map(async ({ client }) => {
          const answer = await performAction(client, 'get', '/api/socket/stats');
          if (!('d' in answer)) throw new Error(`stats over the socket failed: ${JSON.stringify(answer)}`);
          return (answer.d as { namespaces: Record<string, number> }).namespaces['/'];
        }),
      );
      if (counts.some(count => count < connected.length)) return connected;
      if (connected.length >= MAX_CLIENTS_TO_SPREAD) {
        throw new Error(`${connected.length} connections all landed on one worker (counts ${counts.join(', ')})`);
      }
      connected.push(await connect());
    }
  }

  async function broadcastOnceAndSettle(receivers: TestClient[], n: number): Promise<void> {
    const tag = randomUUID();
    expect(
      (await postJson(`${primary.url}/api/socket/broadcast`, { namespace: '/', eventName: 'probe', data: { n } }))
        .status,
    ).toBe(200);
    // Published after the probe (whichever worker takes it): once it is everywhere and the settle
    // window has passed, a missing or a second probe would have shown.
    await postJson(`${primary.url}/api/socket/broadcast`, { namespace: '/', eventName: 'marker', data: { tag } });
    await waitFor(() =>
      receivers.every(client => countEvents(client, 'marker', data => (data as { tag: string }).tag === tag) === 1),
    );
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS));
  }

  test('prints the listening line once, after both workers listen, and both workers subscribe to the bus', async () => {
    const lines = primary.stdout.split('\n');
    const listening = lines.filter(line => line.startsWith('listening on'));
    expect(listening).toEqual([`listening on ${primary.url}`]);
    const listeningAt = lines.indexOf(listening[0]);
    for (const slot of [1, 2]) {
      expect(lines.findIndex(line => line.includes(`worker ${slot} (pid `) && line.endsWith('listening'))).toBeLessThan(
        listeningAt,
      );
    }
    expect([...listeningWorkers().keys()].sort()).toEqual([1, 2]);
    await admin.waitForSubscribers(channel, 2);
  });

  test('clients spread over both workers: one broadcast reaches each exactly once, a send by id reaches each wherever it lives', async () => {
    const connected = await connectAcrossWorkers();
    const receivers = connected.map(({ client }) => client);

    await broadcastOnceAndSettle(receivers, 1);
    for (const client of receivers) expect(receivedNumbers(client, 'probe')).toEqual([1]);

    // Each HTTP call lands on one worker; the clients on the other one are reached through Redis.
    for (const [index, { id }] of connected.entries()) {
      const answer = await postJson(`${primary.url}/api/socket/send`, { id, eventName: 'direct', data: { n: index } });
      expect(answer).toEqual({ status: 200, body: { ok: true } });
    }
    await waitFor(() => connected.every(({ client }) => countEvents(client, 'direct') >= 1));
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS));
    for (const [index, { client }] of connected.entries()) expect(receivedNumbers(client, 'direct')).toEqual([index]);
  });

  test('a crashed worker is restarted with backoff and joins the bus again; the listening line is not repeated', async () => {
    const before = listeningWorkers();
    const crashedPid = before.get(1) as number;
    process.kill(crashedPid, 'SIGKILL');

    await primary.waitForOutput(
      new RegExp(`worker 1 \\(pid ${crashedPid}\\) exited with signal SIGKILL; restarting it in \\d+ ms`),
    );
    await waitFor(() => (listeningWorkers().get(1) ?? crashedPid) !== crashedPid, 10_000);
    await admin.waitForSubscribers(channel, 2);

    // A second crash in a row waits twice as long.
    const restartedPid = listeningWorkers().get(1) as number;
    process.kill(restartedPid, 'SIGKILL');
    await primary.waitForOutput(
      new RegExp(
        `worker 1 \\(pid ${restartedPid}\\) exited with signal SIGKILL; restarting it in 200 ms \\(crash 2 in a row\\)`,
      ),
    );
    await waitFor(() => (listeningWorkers().get(1) ?? restartedPid) !== restartedPid, 10_000);
    await admin.waitForSubscribers(channel, 2);

    const receivers = (await connectAcrossWorkers()).map(({ client }) => client);
    await broadcastOnceAndSettle(receivers, 2);
    for (const client of receivers) expect(receivedNumbers(client, 'probe')).toEqual([2]);
    expect(primary.stdout.split('\n').filter(line => line.startsWith('listening on'))).toHaveLength(1);
  });

  test('SIGTERM: the primary exits 0 once both workers closed their clients with 1012 (REDIS_URL: a restart); no worker is left', async () => {
    const receivers = (await connectAcrossWorkers()).map(({ client }) => client);
    const workerPids = [...listeningWorkers().values()];

    expect(await primary.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    for (const client of receivers) {
      expect(await client.closed).toEqual({ code: 1012, reason: 'service restart; retry-after-ms=1000' });
    }
    for (const pid of workerPids)
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await admin.waitForSubscribers(channel, 0);
  });

  test('a worker that cannot listen (port taken) stops the start: the other is stopped too and the primary exits 1', async () => {
    const taken = net.createServer();
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as net.AddressInfo).port);
    try {
      const { code, stdout, stderr } = await runDemoToExit(buildDir as string, {
        WORKERS: '2',
        REDIS_URL,
        REDIS_PREFIX: prefix,
        PORT: port,
      });
      expect(code).toBe(1);
      expect(stdout).not.toContain('listening on');
      expect(stderr).toContain(`could not listen on 127.0.0.1:${port}: EADDRINUSE`);
      expect(stderr).toMatch(/worker \d \(pid \d+\) exited with code 1 before listening/);
    } finally {
      await new Promise<void>(resolve => taken.close(() => resolve()));
    }
  });

  test('WORKERS=2 without REDIS_URL is refused: exit 1 with a message naming both variables', async () => {
    const { code, stdout, stderr } = await runDemoToExit(buildDir as string, { WORKERS: '2' });

    expect(code).toBe(1);
    expect(stdout).not.toContain('listening on');
    expect(stderr).toContain('demo did not start: WORKERS=2 needs REDIS_URL');
  });
});
