import { describe, expect, it } from '@jest/globals';
import { MemoryBus, MemoryBusHub } from '../../src/bus/memoryBus.js';
import { ASocketError } from '../../src/core/error.js';
import { BUS_ENVELOPE_VERSION, type IBusEnvelope, type IBusEventEnvelope } from '../../src/bus/broadcastBus.js';
import { type ILogger } from '../../src/types/plugins.js';

function broadcast(worker: string, eventName = 'chat:message', data: unknown = { text: 'hi' }): IBusEnvelope {
  return { v: BUS_ENVELOPE_VERSION, worker, kind: 'broadcast', namespace: '/chat', eventName, data };
}

function recordingLogger(): ILogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Every queued microtask (the hub's deliveries) has run once a macrotask turn has passed. */
const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

async function subscribed(bus: MemoryBus): Promise<IBusEventEnvelope[]> {
  const received: IBusEventEnvelope[] = [];
  // These tests publish event envelopes only.
  await bus.subscribe(envelope => void received.push(envelope as IBusEventEnvelope));
  return received;
}

describe('MemoryBusHub', () => {
  it('delivers a publication to every subscribed bus of the hub, the publisher included', async () => {
    const hub = new MemoryBusHub();
    const [busA, busB, busC] = [hub.createBus(), hub.createBus(), hub.createBus()];
    const [receivedA, receivedB, receivedC] = await Promise.all([subscribed(busA), subscribed(busB), subscribed(busC)]);

    const envelope = broadcast('worker-a');
    busA.publish(envelope);
    await nextTurn();

    expect(receivedA).toEqual([envelope]);
    expect(receivedB).toEqual([envelope]);
    expect(receivedC).toEqual([envelope]);
    expect(busA.stats).toEqual({ published: 1, received: 1, dropped: 0, handlerErrors: 0 });
    expect(busB.stats).toEqual({ published: 0, received: 1, dropped: 0, handlerErrors: 0 });
  });

  it('keeps hubs apart: a publication never reaches a bus of another hub', async () => {
    const hubOne = new MemoryBusHub();
    const hubTwo = new MemoryBusHub();
    const receivedOne = await subscribed(hubOne.createBus());
    const receivedTwo = await subscribed(hubTwo.createBus());

    hubOne.createBus().publish(broadcast('worker-one'));
    await nextTurn();

    expect(receivedOne).toHaveLength(1);
    expect(receivedTwo).toHaveLength(0);
  });

  it('delivers after publish returns, in publication order', async () => {
    const bus = new MemoryBus();
    const received = await subscribed(bus);

    for (let index = 0; index < 5; index++) bus.publish(broadcast('w', `event-${index}`));
    expect(received).toHaveLength(0);
    await nextTurn();

    expect(received.map(envelope => envelope.eventName)).toEqual([
      'event-0',
      'event-1',
      'event-2',
      'event-3',
      'event-4',
    ]);
  });

  it('a handler that throws is counted and logged, and the other buses still receive', async () => {
    const hub = new MemoryBusHub();
    const logger = recordingLogger();
    const failing = hub.createBus({ logger });
    await failing.subscribe(() => {
      throw new Error('handler broke');
    });
    const received = await subscribed(hub.createBus());

    failing.publish(broadcast('w', 'first'));
    failing.publish(broadcast('w', 'second'));
    await nextTurn();

    expect(received.map(envelope => envelope.eventName)).toEqual(['first', 'second']);
    expect(failing.stats.handlerErrors).toBe(2);
    // Throttled: the second failure within the interval adds no line.
    expect(logger.lines).toEqual([
      { level: 'error', message: 'MemoryBus: the handler threw on a broadcast of "first"' },
    ]);
  });
});

describe('MemoryBus', () => {
  it('is a hub of one by default: it receives its own publications and nobody else does', async () => {
    const busA = new MemoryBus();
    const busB = new MemoryBus();
    const receivedA = await subscribed(busA);
    const receivedB = await subscribed(busB);

    busA.publish(broadcast('worker-a'));
    await nextTurn();

    expect(receivedA).toHaveLength(1);
    expect(receivedB).toHaveLength(0);
  });

  it('after close it leaves the hub, and publish drops and counts instead of throwing', async () => {
    const hub = new MemoryBusHub();
    const logger = recordingLogger();
    const closing = hub.createBus({ logger });
    const receivedByClosing = await subscribed(closing);
    const receivedByOther = await subscribed(hub.createBus());
    await closing.close();

    expect(hub.subscribedCount).toBe(1);
    expect(() => closing.publish(broadcast('w'))).not.toThrow();
    hub.createBus().publish(broadcast('w', 'after-close'));
    await nextTurn();

    expect(closing.stats.dropped).toBe(1);
    expect(receivedByClosing).toHaveLength(0);
    expect(receivedByOther.map(envelope => envelope.eventName)).toEqual(['after-close']);
    expect(logger.lines[0]?.level).toBe('warn');
  });

  it('subscribe twice is BUS_ALREADY_SUBSCRIBED, after close BUS_CLOSED', async () => {
    const bus = new MemoryBus();
    await bus.subscribe(() => {});
    await expect(bus.subscribe(() => {})).rejects.toThrow(ASocketError);
    await expect(bus.subscribe(() => {})).rejects.toMatchObject({
      code: 'BUS_ALREADY_SUBSCRIBED',
      message: expect.stringContaining('twice'),
    });
    await bus.close();
    await expect(bus.subscribe(() => {})).rejects.toMatchObject({
      code: 'BUS_CLOSED',
      message: expect.stringContaining('after close()'),
    });
  });
});
