import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type ISysReadyHistoryPayload } from '../../../src/index.js';
import { waitFor } from '../../support/waitFor.js';
import { TestClient } from '../../support/wsClient.js';
import { useSocketFixture } from '../../support/socketFixture.js';
import { countEvents, receivedNumbers } from '../../bus/deliveryCount.js';
import {
  buildDemo,
  killDemoProcesses,
  postJson,
  removeBuild,
  startDemoProcess,
  type IDemoProcess,
} from './demoProcess.js';
import { REDIS_URL, RedisAdmin } from './redisAdmin.js';

/** After the marker arrived, how long a duplicate gets to show up before the count is taken. */
const SETTLE_MS = 150;

const settle = () => new Promise(resolve => setTimeout(resolve, SETTLE_MS));

/**
 * Two demo processes, A and B, on two ports with the same REDIS_URL, as two machines behind a load
 * balancer would run: the compiled `npm start` entry, spawned, joined by the real Redis.
 */
describe('two demo processes joined by Redis', () => {
  const prefix = `a-socket-test-xproc-${process.pid}-${randomUUID()}`;
  const channel = `${prefix}:broadcast`;
  let buildDir: string | undefined;
  let admin: RedisAdmin;
  let a: IDemoProcess;
  let b: IDemoProcess;
  const fixture = useSocketFixture();

  beforeAll(async () => {
    [buildDir, admin] = await Promise.all([buildDemo('xproc'), RedisAdmin.connect()]);
    const env = { REDIS_URL, REDIS_PREFIX: prefix, PASSPORT_SECRET: 'cross-process-test-secret' };
    [a, b] = await Promise.all([startDemoProcess(buildDir, env), startDemoProcess(buildDir, env)]);
    await admin.waitForSubscribers(channel, 2);
  }, 30_000);

  afterAll(async () => {
    await killDemoProcesses();
    await admin?.deleteKeys(prefix);
    await admin?.close();
    await removeBuild(buildDir);
  });

  async function connect(demo: IDemoProcess): Promise<{ client: TestClient; id: string }> {
    const client = fixture.client(demo.wsUrl());
    return { client, id: await client.ready() };
  }

  function broadcast(demo: IDemoProcess, eventName: string, data: unknown) {
    return postJson(`${demo.url}/api/socket/broadcast`, { namespace: '/', eventName, data });
  }

  /** Redis keeps each publisher's order, so once B's marker arrived, whatever B published before it did too. */
  async function markerFrom(demo: IDemoProcess, receivers: TestClient[]): Promise<void> {
    const tag = randomUUID();
    await broadcast(demo, 'marker', { tag });
    await waitFor(() =>
      receivers.every(client => countEvents(client, 'marker', data => (data as { tag: string }).tag === tag) === 1),
    );
    await settle();
  }

  test('a client on A gets a broadcast triggered over HTTP on B exactly once', async () => {
    const onA = await connect(a);
    const onB = await connect(b);

    expect(await broadcast(b, 'probe', { n: 1 })).toEqual({ status: 200, body: { ok: true } });
    await markerFrom(b, [onA.client, onB.client]);

    expect(receivedNumbers(onA.client, 'probe')).toEqual([1]);
    expect(receivedNumbers(onB.client, 'probe')).toEqual([1]);
  });

  test('a send by id from B reaches the client on A once, and nobody else; B answers 200, not "unknown id"', async () => {
    const target = await connect(a);
    const bystanderOnA = await connect(a);
    const bystanderOnB = await connect(b);

    const answer = await postJson(`${b.url}/api/socket/send`, { id: target.id, eventName: 'probe', data: { n: 7 } });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    await markerFrom(b, [target.client, bystanderOnA.client, bystanderOnB.client]);

    expect(receivedNumbers(target.client, 'probe')).toEqual([7]);
    expect(countEvents(bystanderOnA.client, 'probe')).toBe(0);
    expect(countEvents(bystanderOnB.client, 'probe')).toBe(0);
  });

  test('a publication is never delivered twice: twenty broadcasts from A and B reach each of four clients once each', async () => {
    const receivers = (await Promise.all([connect(a), connect(a), connect(b), connect(b)])).map(({ client }) => client);

    for (let n = 0; n < 20; n++) {
      // A's own publications come back to A through Redis: it must skip them by worker id.
      const origin = n % 2 === 0 ? a : b;
      expect((await broadcast(origin, 'probe', { n })).status).toBe(200);
    }
    await Promise.all([markerFrom(a, receivers), markerFrom(b, receivers)]);

    const everyNumber = Array.from({ length: 20 }, (_, n) => n);
    for (const client of receivers) {
      expect([...receivedNumbers(client, 'probe')].sort((x, y) => x - y)).toEqual(everyNumber);
    }
  });

  test("when A's bus connections are cut (CLIENT KILL) mid-run, A's local delivery never stops and cross-process delivery resumes after the reconnect", async () => {
    const onA = await connect(a);
    const onB = await connect(b);
    // A published in the tests before, so both of its connections are open; these are them.
    const connections = await admin.busConnectionsOf(prefix, a.child.pid as number);
    const roles = connections.map(connection => (connection.name.startsWith(`${prefix}:pub:`) ? 'pub' : 'sub'));
    expect(roles.sort()).toEqual(['pub', 'sub']);

    const sent: number[] = [];
    const killAt = 10;
    let killed = false;
    // Broadcasts from A, one after the other, until B's client has one made after the kill (A's
    // publisher reconnected) or 5 s have passed.
    const deadline = Date.now() + 5000;
    for (let n = 0; Date.now() < deadline; n++) {
      if (n === killAt) {
        await admin.kill(connections.map(connection => connection.id));
        killed = true;
      }
      expect((await broadcast(a, 'probe', { n })).status).toBe(200);
      sent.push(n);
      if (killed && receivedNumbers(onB.client, 'probe').some(received => received > killAt)) break;
    }

    // Local delivery never stopped: every broadcast of A reached A's client, in order, once.
    await waitFor(() => receivedNumbers(onA.client, 'probe').length >= sent.length);
    expect(receivedNumbers(onA.client, 'probe')).toEqual(sent);
    // Cross-process delivery resumed within the run; what B got it got once and in order (a
    // publication in flight when the connection was cut may be lost, never doubled).
    const onBNumbers = receivedNumbers(onB.client, 'probe');
    expect(onBNumbers.some(n => n > killAt)).toBe(true);
    expect(onBNumbers).toEqual([...new Set(onBNumbers)].sort((x, y) => x - y));

    // The other direction, once A's subscriber is back: B to A.
    await a.waitForOutput(/subscriber reconnected/);
    await admin.waitForSubscribers(channel, 2);
    await broadcast(b, 'after-reconnect', { n: 1 });
    await markerFrom(b, [onA.client, onB.client]);
    expect(countEvents(onA.client, 'after-reconnect')).toBe(1);
    expect(a.child.exitCode).toBeNull();
  });

  test('/feed over Redis: both processes answer offsets of one stream, and a client of A recovers on B', async () => {
    const first = fixture.client(a.wsUrl('/feed'));
    const ready = (await first.nextEvent(event => event.name === '_a')).data as ISysReadyHistoryPayload;
    const feed = (demo: IDemoProcess, seq: number) =>
      postJson(`${demo.url}/api/socket/broadcast`, { namespace: '/feed', eventName: 'tick', data: { seq } });
    const answers = [await feed(a, 1), await feed(b, 2)];
    const offsets = answers.map(answer => (answer.body as { offset: string }).offset);
    expect(offsets.map(Number)).toEqual([Number(ready.offset) + 1, Number(ready.offset) + 2]);
    await first.nextEvent(event => event.offset === offsets[1]);
    const last = offsets[1] as string;
    await first.close();
    const missed = (await feed(b, 3)).body as { offset: string };

    const again = fixture.client(
      `${b.wsUrl('/feed')}?x-socket-session=${ready.session}&x-socket-epoch=${ready.epoch}&x-socket-offset=${last}`,
    );
    const recovered = (await again.nextEvent(event => event.name === '_a', 5000)).data as ISysReadyHistoryPayload;
    expect(recovered).toMatchObject({ id: ready.id, recovered: true, offset: missed.offset });
    expect(again.events[0]).toEqual({ name: 'tick', data: { seq: 3 }, offset: missed.offset });
  });

  test('SIGTERM (REDIS_URL: a rolling restart): both exit 0 and close their clients with 1012 and the retry hint; nothing is left subscribed', async () => {
    const onA = await connect(a);
    const onB = await connect(b);

    expect(await Promise.all([a.stop(), b.stop()])).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    const restart = { code: 1012, reason: 'service restart; retry-after-ms=1000' };
    expect(await onA.client.closed).toEqual(restart);
    expect(await onB.client.closed).toEqual(restart);
    await admin.waitForSubscribers(channel, 0);
  });
});
