import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ASocketError } from '../../../src/core/error.js';
import { RedisBus, type IRedisBusOptions } from '../../../src/bus/redis/redisBus.js';
import { BUS_ENVELOPE_VERSION, type IBusEnvelope, type IBusEventEnvelope } from '../../../src/bus/broadcastBus.js';
import { type ILogger } from '../../../src/types/plugins.js';
import { useRedisAdmin } from '../history/redisFixture.js';

// The real Redis, never a mock. Every test gets a prefix of its own under one per run, so that
// neither concurrent runs nor the tests of this run see each other's publications.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN_PREFIX = `a-socket-test-${process.pid}-${randomUUID()}`;
/** Nothing listens on port 1: connecting fails at once, like a Redis that is down. */
const UNREACHABLE_URL = 'redis://127.0.0.1:1';

const admin = useRedisAdmin();
let testIndex = 0;
const opened: RedisBus[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map(bus => bus.close()));
});

function uniquePrefix(): string {
  return `${RUN_PREFIX}-${++testIndex}`;
}

function recordingLogger(): ILogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function createBus(options: IRedisBusOptions): RedisBus {
  const bus = new RedisBus({ url: REDIS_URL, logger: recordingLogger(), ...options });
  opened.push(bus);
  return bus;
}

async function subscribed(bus: RedisBus): Promise<IBusEventEnvelope[]> {
  const received: IBusEventEnvelope[] = [];
  // These tests publish event envelopes only.
  await bus.subscribe(envelope => void received.push(envelope as IBusEventEnvelope));
  return received;
}

function broadcast(worker: string, eventName = 'chat:message', data: unknown = { text: 'hi' }): IBusEnvelope {
  return { v: BUS_ENVELOPE_VERSION, worker, kind: 'broadcast', namespace: '/chat', eventName, data };
}

/** Polls instead of sleeping: as fast as the condition allows, and a clear message when it never holds. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

async function subscriberCount(channel: string): Promise<number> {
  const [, count] = (await admin().pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}

/** Cuts a connection from the server side, as a network failure or a Redis restart would. */
async function killConnection(connectionName: string): Promise<void> {
  const list = (await admin().client('LIST')) as string;
  const line = list.split('\n').find(entry => entry.includes(` name=${connectionName} `));
  const id = line?.match(/^id=(\d+) /)?.[1];
  if (!id) throw new Error(`No Redis connection named ${connectionName} in CLIENT LIST`);
  await admin().client('KILL', 'ID', id);
}

/** Sockets and timers alive now; what close() must bring back to where it started. */
function openHandles(): { sockets: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    sockets: resources.filter(resource => resource === 'TCPSocketWrap' || resource === 'TCPWRAP').length,
    timers: resources.filter(resource => resource === 'Timeout').length,
  };
}

describe('RedisBus delivery', () => {
  it('two buses with the same prefix receive each other’s publications and their own', async () => {
    const prefix = uniquePrefix();
    const busA = createBus({ prefix, name: 'a' });
    const busB = createBus({ prefix, name: 'b' });
    const [receivedA, receivedB] = await Promise.all([subscribed(busA), subscribed(busB)]);

    busA.publish(broadcast('worker-a', 'from-a'));
    busB.publish(broadcast('worker-b', 'from-b'));
    await waitFor('both buses to receive both publications', () => receivedA.length === 2 && receivedB.length === 2);

    expect(receivedA.map(envelope => envelope.eventName).sort()).toEqual(['from-a', 'from-b']);
    expect(receivedB.map(envelope => envelope.eventName).sort()).toEqual(['from-a', 'from-b']);
    await waitFor(
      'both publications to be acknowledged',
      () => busA.stats.published === 1 && busB.stats.published === 1,
    );
    expect(busA.stats).toMatchObject({ published: 1, received: 2, dropped: 0, invalid: 0, buffered: 0, inFlight: 0 });
  });

  it('the first publication of a bus, made while it connects on first use, logs nothing: that is no outage', async () => {
    const logger = recordingLogger();
    const prefix = uniquePrefix();
    const receivedB = await subscribed(createBus({ prefix, name: 'b' }));
    const bus = createBus({ prefix, name: 'a', logger });

    bus.publish(broadcast('a'));
    bus.publish(broadcast('a'));

    await waitFor('both publications to arrive', () => receivedB.length === 2);
    expect(bus.stats).toMatchObject({ published: 2, dropped: 0 });
    expect(logger.lines).toEqual([]);
  });

  it('a bus with another prefix receives nothing', async () => {
    const busA = createBus({ prefix: uniquePrefix(), name: 'a' });
    const other = createBus({ prefix: uniquePrefix(), name: 'other' });
    const [receivedA, receivedByOther] = await Promise.all([subscribed(busA), subscribed(other)]);

    busA.publish(broadcast('worker-a'));
    await waitFor('the publisher to receive its own publication', () => receivedA.length === 1);
    // Redis delivers to all subscribers of a channel before it answers PUBLISH, so by now the
    // other bus would already have it if it were on the same channel.
    expect(receivedByOther).toHaveLength(0);
    expect(other.channel).not.toBe(busA.channel);
  });

  it('an envelope survives the round trip unchanged, for send and for broadcast', async () => {
    const prefix = uniquePrefix();
    const busA = createBus({ prefix, name: 'a' });
    const receivedB = await subscribed(createBus({ prefix, name: 'b' }));
    const send: IBusEnvelope = {
      v: BUS_ENVELOPE_VERSION,
      worker: 'worker-a',
      kind: 'send',
      id: randomUUID(),
      eventName: 'chat:message',
      data: { text: 'grüße 👋', nested: [1, null, { deep: true }], empty: '' },
      options: { exclude: 'connection-x' },
    };
    const reload = broadcast('worker-a', 'reload', null);

    busA.publish(send);
    busA.publish(reload);
    await waitFor('both envelopes', () => receivedB.length === 2);

    expect(receivedB).toEqual([send, reload]);
  });

  it('beyond maxInFlight unanswered publications it buffers, then drains in order as Redis answers', async () => {
    const prefix = uniquePrefix();
    const busA = createBus({ prefix, name: 'a', maxInFlight: 1 });
    const receivedB = await subscribed(createBus({ prefix, name: 'b' }));
    busA.publish(broadcast('worker-a', 'warm-up'));
    await waitFor('the publisher to be ready', () => busA.stats.published === 1);

    for (let index = 0; index < 5; index++) busA.publish(broadcast('worker-a', `event-${index}`));
    expect(busA.stats).toMatchObject({ inFlight: 1, buffered: 4 });

    await waitFor('all five publications', () => receivedB.length === 6);
    expect(receivedB.slice(1).map(envelope => envelope.eventName)).toEqual([
      'event-0',
      'event-1',
      'event-2',
      'event-3',
      'event-4',
    ]);
    expect(busA.stats).toMatchObject({ published: 6, dropped: 0, buffered: 0, inFlight: 0 });
  });

  it('refuses options it cannot work with, naming the option and the value', () => {
    expect(() => new RedisBus({ prefix: 'my app' })).toThrow(
      'RedisBus option prefix must be a non-empty string without whitespace (got "my app")',
    );
    expect(() => new RedisBus({ prefix: '' })).toThrow(TypeError);
    expect(() => new RedisBus({ maxBuffered: -1 })).toThrow(
      'RedisBus option maxBuffered must be an integer >= 0 (got -1)',
    );
    expect(() => new RedisBus({ maxInFlight: 0 })).toThrow(RangeError);
    expect(() => new RedisBus({ subscribeWaitMs: -1 })).toThrow(
      'RedisBus option subscribeWaitMs must be an integer from 0 to 2147483647, or Infinity to wait as long as Redis takes (got -1)',
    );
    expect(() => new RedisBus({ subscribeWaitMs: 2 ** 31 })).toThrow(RangeError);
  });

  it('subscribe resolves once Redis has acknowledged the SUBSCRIBE', async () => {
    const bus = createBus({ prefix: uniquePrefix(), name: 'a' });
    expect(await subscriberCount(bus.channel)).toBe(0);

    await bus.subscribe(() => {});

    expect(await subscriberCount(bus.channel)).toBe(1);
    expect(bus.stats.subscriberReady).toBe(true);
  });

  it('a SUBSCRIBE that Redis refuses rejects with BUS_SUBSCRIBE_FAILED, keeping the Redis error as its cause', async () => {
    // A user of its own that may use no channel: Redis answers its SUBSCRIBE with NOPERM.
    const user = `${RUN_PREFIX}-no-channels`;
    const password = randomUUID();
    await admin().acl('SETUSER', user, 'on', `>${password}`, '~*', 'resetchannels', '+@all');
    try {
      const url = new URL(REDIS_URL);
      url.username = user;
      url.password = password;
      const bus = createBus({ url: url.toString(), prefix: uniquePrefix(), name: 'a' });
      const error = await bus
        .subscribe(() => {})
        .then(
          () => undefined,
          (rejection: unknown) => rejection as ASocketError,
        );
      expect(error).toMatchObject({ code: 'BUS_SUBSCRIBE_FAILED' });
      expect(error?.message).toContain(`could not SUBSCRIBE ${bus.channel}`);
      expect(error?.message).not.toContain(password);
      expect((error?.cause as Error | undefined)?.message).toMatch(/^NOPERM/);
    } finally {
      await admin().acl('DELUSER', user);
    }
  });

  it('subscribe twice is a BUS_ALREADY_SUBSCRIBED error naming the channel', async () => {
    const bus = createBus({ prefix: uniquePrefix(), name: 'a' });
    await bus.subscribe(() => {});
    await expect(bus.subscribe(() => {})).rejects.toMatchObject({
      code: 'BUS_ALREADY_SUBSCRIBED',
      message: expect.stringContaining(`on "${bus.channel}" called twice`),
    });
  });
});

describe('RedisBus with foreign or failing input', () => {
  it('drops and counts messages that are not a valid envelope, logs them throttled, and keeps working', async () => {
    const prefix = uniquePrefix();
    const logger = recordingLogger();
    const bus = createBus({ prefix, name: 'a', logger });
    const received = await subscribed(bus);
    const foreign = [
      'not json',
      '[1,2,3]',
      JSON.stringify({ ...broadcast('w'), v: BUS_ENVELOPE_VERSION + 1 }),
      JSON.stringify({ ...broadcast('w'), worker: undefined }),
      JSON.stringify({ ...broadcast('w'), kind: 'rooms' }),
    ];

    for (const message of foreign) await admin().publish(bus.channel, message);
    bus.publish(broadcast('worker-a', 'still-working'));
    await waitFor('the valid envelope after the foreign ones', () => received.length === 1);

    expect(received[0]?.eventName).toBe('still-working');
    expect(bus.stats).toMatchObject({ invalid: foreign.length, received: 1 });
    const invalidLines = logger.lines.filter(line => line.message.includes('dropped a message on'));
    expect(invalidLines).toEqual([{ level: 'warn', message: expect.stringContaining('not JSON') }]);
  });

  it('a handler that throws is counted and logged, and the next envelope still arrives', async () => {
    const prefix = uniquePrefix();
    const logger = recordingLogger();
    const bus = createBus({ prefix, name: 'a', logger });
    const seen: string[] = [];
    await bus.subscribe(envelope => {
      const { eventName } = envelope as IBusEventEnvelope;
      seen.push(eventName);
      if (eventName === 'poison') throw new Error('handler broke');
    });

    bus.publish(broadcast('w', 'poison'));
    bus.publish(broadcast('w', 'after'));
    await waitFor('the envelope after the poison one', () => seen.length === 2);

    expect(seen).toEqual(['poison', 'after']);
    expect(bus.stats.handlerErrors).toBe(1);
    expect(logger.lines).toContainEqual({ level: 'error', message: expect.stringContaining('"poison"') });
  });

  it('publish drops and counts data that cannot be serialised, without throwing', () => {
    const bus = createBus({ prefix: uniquePrefix(), name: 'a' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    expect(() => bus.publish(broadcast('w', 'circular', circular))).not.toThrow();
    expect(() => bus.publish(broadcast('w', 'bigint', 1n))).not.toThrow();
    expect(bus.stats.dropped).toBe(2);
  });
});

describe('RedisBus when connections are cut (CLIENT KILL)', () => {
  it('after its subscriber connection is killed, ioredis resubscribes and delivery resumes', async () => {
    const prefix = uniquePrefix();
    const logger = recordingLogger();
    const busA = createBus({ prefix, name: 'a', logger });
    const busB = createBus({ prefix, name: 'b' });
    const receivedA = await subscribed(busA);
    await subscribed(busB);

    await killConnection(busA.connectionNames.subscriber);
    expect(() => busB.publish(broadcast('worker-b', 'during-outage'))).not.toThrow();
    await waitFor('both subscriptions to be back', async () => (await subscriberCount(busA.channel)) === 2);
    busB.publish(broadcast('worker-b', 'after-reconnect'));

    await waitFor('the publication after the reconnect', () =>
      receivedA.some(envelope => envelope.eventName === 'after-reconnect'),
    );
    expect(busA.stats.subscriberReady).toBe(true);
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: expect.stringContaining(`resubscribing to ${busA.channel}`),
    });
  });

  it('publications made while the publisher connection is down are buffered and flushed in order after the reconnect', async () => {
    const prefix = uniquePrefix();
    const logger = recordingLogger();
    // A first reconnect delay of 150–300 ms leaves a wide window in which the publisher is down.
    const busA = createBus({ prefix, name: 'a', logger, reconnectDelayMinMs: 300 });
    const receivedB = await subscribed(createBus({ prefix, name: 'b' }));
    busA.publish(broadcast('worker-a', 'before'));
    await waitFor('the first publication', () => receivedB.length === 1);

    await killConnection(busA.connectionNames.publisher);
    await waitFor('the publisher to notice the cut', () => !busA.stats.publisherReady);
    const started = Date.now();
    for (const eventName of ['down-1', 'down-2', 'down-3']) busA.publish(broadcast('worker-a', eventName));
    expect(Date.now() - started).toBeLessThan(50);
    expect(busA.stats).toMatchObject({ buffered: 3, dropped: 0 });

    await waitFor('the buffered publications to arrive', () => receivedB.length === 4);
    expect(receivedB.map(envelope => envelope.eventName)).toEqual(['before', 'down-1', 'down-2', 'down-3']);
    await waitFor('every publication to be acknowledged', () => busA.stats.published === 4);
    expect(busA.stats).toMatchObject({ buffered: 0, dropped: 0, inFlight: 0, publisherReady: true });
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: expect.stringContaining('publisher reconnected'),
    });
  });

  it('while both connections are killed mid-stream, publish never throws, every publication is accounted for, and delivery resumes', async () => {
    const prefix = uniquePrefix();
    const busA = createBus({ prefix, name: 'a' });
    const busB = createBus({ prefix, name: 'b' });
    const [receivedA, receivedB] = await Promise.all([subscribed(busA), subscribed(busB)]);

    busA.publish(broadcast('worker-a', 'warm-up'));
    await waitFor('the warm-up publication', () => receivedB.length === 1);

    let publishedCount = 1;
    const publishBatch = () => {
      for (let index = 0; index < 50; index++) {
        busA.publish(broadcast('worker-a', `stream-${publishedCount++}`));
      }
    };
    publishBatch();
    await Promise.all([
      killConnection(busA.connectionNames.publisher),
      killConnection(busA.connectionNames.subscriber),
    ]);
    publishBatch();
    await waitFor('the publisher to notice the cut', () => !busA.stats.publisherReady);
    publishBatch();

    // At most once: what was in flight when the connection dropped may be lost (counted as
    // dropped), nothing is delivered twice, and nothing is left pending.
    await waitFor('every publication to be acknowledged or dropped', () => {
      const stats = busA.stats;
      return stats.buffered === 0 && stats.inFlight === 0 && stats.published + stats.dropped === publishedCount;
    });
    const names = receivedB.map(envelope => envelope.eventName);
    expect(new Set(names).size).toBe(names.length);

    await waitFor('both subscriptions to be back', async () => (await subscriberCount(busA.channel)) === 2);
    busA.publish(broadcast('worker-a', 'after-reconnect'));
    await waitFor('the publication after the reconnect, on both buses', () =>
      [receivedA, receivedB].every(received => received.some(envelope => envelope.eventName === 'after-reconnect')),
    );
  });
});

describe('RedisBus while Redis is unreachable', () => {
  it('subscribe resolves after subscribeWaitMs with one warning, so that a process can start without Redis', async () => {
    const logger = recordingLogger();
    const bus = createBus({ url: UNREACHABLE_URL, prefix: uniquePrefix(), name: 'a', logger, subscribeWaitMs: 100 });

    const started = Date.now();
    await bus.subscribe(() => {});

    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const warnings = logger.lines.filter(line => line.message.includes('within 100 ms (subscribeWaitMs)'));
    expect(warnings).toEqual([{ level: 'warn', message: expect.stringContaining(`SUBSCRIBE ${bus.channel}`) }]);
    // The background subscription ends quietly with close(): no error line, no unhandled rejection.
    await bus.close();
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.lines.filter(line => line.level === 'error')).toEqual([]);
  });

  it('with subscribeWaitMs Infinity, subscribe waits until close() rejects it', async () => {
    const bus = createBus({ url: UNREACHABLE_URL, prefix: uniquePrefix(), name: 'a', subscribeWaitMs: Infinity });
    let settled = false;
    const subscribing = bus.subscribe(() => {});
    subscribing.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(settled).toBe(false);

    await bus.close();
    await expect(subscribing).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });

  it('publish neither throws nor waits; it buffers up to maxBuffered and drops the oldest beyond, logging throttled', async () => {
    const logger = recordingLogger();
    const bus = createBus({ url: UNREACHABLE_URL, prefix: uniquePrefix(), name: 'a', logger, maxBuffered: 3 });

    const publish = (from: number, to: number) => {
      for (let index = from; index < to; index++)
        expect(() => bus.publish(broadcast('w', `event-${index}`))).not.toThrow();
    };
    const started = Date.now();
    publish(0, 2);
    expect(Date.now() - started).toBeLessThan(50);
    // The first connection attempt is start-up, not an outage: no buffering warning yet.
    expect(bus.stats).toMatchObject({ published: 0, buffered: 2, dropped: 0, publisherReady: false });
    expect(logger.lines).toEqual([]);

    await waitFor('a failed connection attempt to be logged', () =>
      logger.lines.some(line => line.message.includes('publisher connection to redis://127.0.0.1:1')),
    );
    publish(2, 7);
    expect(bus.stats).toMatchObject({ published: 0, buffered: 3, dropped: 4, publisherReady: false });
    // One line per kind of problem, not one per publication.
    expect(logger.lines.filter(line => line.message.includes('buffering publications'))).toHaveLength(1);
    expect(logger.lines.filter(line => line.message.includes('dropped the oldest'))).toHaveLength(1);

    await bus.close();
    expect(bus.stats).toMatchObject({ buffered: 0, dropped: 7 });
    expect(() => bus.publish(broadcast('w', 'after-close'))).not.toThrow();
    expect(bus.stats.dropped).toBe(8);
  });

  it('with maxBuffered 0 it drops at once instead of buffering', () => {
    const bus = createBus({ url: UNREACHABLE_URL, prefix: uniquePrefix(), name: 'a', maxBuffered: 0 });
    bus.publish(broadcast('w'));
    bus.publish(broadcast('w'));
    expect(bus.stats).toMatchObject({ buffered: 0, dropped: 2 });
  });

  it('a buffered publication older than maxBufferedAgeMs is dropped, not delivered late', async () => {
    const prefix = uniquePrefix();
    const busA = createBus({ prefix, name: 'a', reconnectDelayMinMs: 300, maxBufferedAgeMs: 50 });
    const receivedB = await subscribed(createBus({ prefix, name: 'b' }));
    busA.publish(broadcast('worker-a', 'warm-up'));
    await waitFor('the warm-up publication', () => receivedB.length === 1);

    await killConnection(busA.connectionNames.publisher);
    await waitFor('the publisher to notice the cut', () => !busA.stats.publisherReady);
    busA.publish(broadcast('worker-a', 'stale'));
    await waitFor('the publisher to be back', () => busA.stats.publisherReady);
    busA.publish(broadcast('worker-a', 'fresh'));

    await waitFor('the fresh publication', () => receivedB.length === 2);
    expect(receivedB.map(envelope => envelope.eventName)).toEqual(['warm-up', 'fresh']);
    expect(busA.stats.dropped).toBe(1);
  });

  it('during a brief server stall (CLIENT PAUSE WRITE) publish returns at once and the publication arrives afterwards', async () => {
    const prefix = uniquePrefix();
    const busA = createBus({ prefix, name: 'a' });
    const receivedB = await subscribed(createBus({ prefix, name: 'b' }));
    busA.publish(broadcast('worker-a', 'warm-up'));
    await waitFor('the warm-up publication', () => receivedB.length === 1);

    await admin().client('PAUSE', 150, 'WRITE');
    const started = Date.now();
    busA.publish(broadcast('worker-a', 'during-pause'));
    expect(Date.now() - started).toBeLessThan(20);
    expect(busA.stats.inFlight).toBe(1);

    await waitFor('the publication held by the pause', () => receivedB.length === 2);
    expect(busA.stats).toMatchObject({ dropped: 0, inFlight: 0, published: 2 });
  });
});

describe('RedisBus close', () => {
  it('leaves no socket and no timer behind, whatever state the connections are in', async () => {
    const baseline = openHandles();
    const prefix = uniquePrefix();
    const bus = (name: string, url = REDIS_URL) => new RedisBus({ url, prefix, name, logger: recordingLogger() });

    const used = bus('used');
    await used.subscribe(() => {});
    used.publish(broadcast('w'));
    const neverUsed = bus('never-used');
    const connecting = bus('connecting', UNREACHABLE_URL);
    connecting.publish(broadcast('w'));
    // Between two attempts: the case where ioredis's own disconnect() would leave a 2 s timer.
    const retrying = bus('retrying', UNREACHABLE_URL);
    retrying.publish(broadcast('w'));
    const retryingSubscribe = retrying.subscribe(() => {});
    retryingSubscribe.catch(() => {});
    await new Promise(resolve => setTimeout(resolve, 20));

    await Promise.all([used.close(), neverUsed.close(), connecting.close(), retrying.close()]);

    const after = openHandles();
    // Sockets and timers of earlier test files in this worker may still be closing, and jest's own
    // timers come and go: not more than before, rather than exactly as many.
    expect(after.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
    expect(used.stats).toMatchObject({ published: 1, dropped: 0 });
    await expect(retryingSubscribe).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });

  it('close() during a SUBSCRIBE that Redis has not acknowledged rejects that subscribe instead of leaving it pending', async () => {
    const bus = createBus({ url: UNREACHABLE_URL, prefix: uniquePrefix(), name: 'a' });
    const subscribing = bus.subscribe(() => {});

    await bus.close();

    await expect(subscribing).rejects.toMatchObject({
      code: 'BUS_CLOSED',
      message: `RedisBus closed before Redis acknowledged SUBSCRIBE ${bus.channel}`,
    });
    await expect(bus.subscribe(() => {})).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });

  it('is idempotent', async () => {
    const bus = createBus({ prefix: uniquePrefix(), name: 'a' });
    await bus.subscribe(() => {});
    await Promise.all([bus.close(), bus.close()]);
    await bus.close();
    expect(bus.stats).toMatchObject({ publisherReady: false, subscriberReady: false });
  });
});
