import { ASocketError } from '../core/error.js';
import { createConsoleLogger } from '../core/logger.js';
import { type BusEnvelopeHandler, type IBroadcastBus, type IBusEnvelope } from './broadcastBus.js';
import { describeEnvelope } from './envelope.js';
import { type ILogger } from '../core/logger.js';
import { type IBroadcastBusStats } from './busStats.js';
import { ThrottledLog } from '../core/throttledLog.js';

export interface IMemoryBusOptions {
  /** The hub this bus publishes to and receives from; a hub of its own when absent (a single process). */
  hub?: MemoryBusHub;
  logger?: ILogger;
  /** Minimum time between two log lines about the same kind of problem. Default 10 000 ms. */
  logIntervalMs?: number;
}

type HubDelivery = (envelope: IBusEnvelope) => void;

/**
 * Connects the buses of several app instances living in one process (tests, or one app per
 * tenant): a publication on any bus of the hub reaches every subscribed bus of the hub, the
 * publisher's own included, exactly as Redis pub/sub does.
 */
export class MemoryBusHub {
  private readonly deliveries = new Map<MemoryBus, HubDelivery>();

  createBus(options: Omit<IMemoryBusOptions, 'hub'> = {}): MemoryBus {
    return new MemoryBus({ ...options, hub: this });
  }

  /** Number of buses subscribed right now. */
  get subscribedCount(): number {
    return this.deliveries.size;
  }

  /** @internal Used by MemoryBus. */
  attach(bus: MemoryBus, delivery: HubDelivery): void {
    this.deliveries.set(bus, delivery);
  }

  /** @internal Used by MemoryBus. */
  detach(bus: MemoryBus): void {
    this.deliveries.delete(bus);
  }

  /** @internal Used by MemoryBus. */
  dispatch(envelope: IBusEnvelope): void {
    // Later, never now: the publisher is in the middle of its own send/broadcast and must not be
    // re-entered, and the order of publications is kept because microtasks run in order.
    queueMicrotask(() => {
      for (const delivery of this.deliveries.values()) delivery(envelope);
    });
  }
}

/**
 * The in-process bus, the default: nothing leaves the process. Envelopes are passed by reference,
 * not copied, so handlers must treat them as read-only.
 */
export class MemoryBus implements IBroadcastBus {
  readonly hub: MemoryBusHub;
  private readonly counters: IBroadcastBusStats = { published: 0, received: 0, dropped: 0, handlerErrors: 0 };
  private readonly log: ThrottledLog;
  private handler?: BusEnvelopeHandler;
  private closed = false;

  constructor(options: IMemoryBusOptions = {}) {
    this.hub = options.hub ?? new MemoryBusHub();
    this.log = new ThrottledLog(options.logger ?? createConsoleLogger(), options.logIntervalMs ?? 10_000);
  }

  get stats(): IBroadcastBusStats {
    return { ...this.counters };
  }

  publish(envelope: IBusEnvelope): void {
    if (this.closed) {
      this.counters.dropped++;
      this.log.warn(
        'closed',
        `MemoryBus: dropped a publication (${describeEnvelope(envelope)}) because the bus is closed`,
      );
      return;
    }
    this.counters.published++;
    this.hub.dispatch(envelope);
  }

  async subscribe(handler: BusEnvelopeHandler): Promise<void> {
    if (this.closed) {
      throw new ASocketError('BUS_CLOSED', 'MemoryBus.subscribe() after close(): create a new bus for a new app');
    }
    if (this.handler) {
      throw new ASocketError(
        'BUS_ALREADY_SUBSCRIBED',
        'MemoryBus.subscribe() called twice: a bus carries the one handler of its app',
      );
    }
    this.handler = handler;
    this.hub.attach(this, envelope => this.deliver(envelope));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.detach(this);
  }

  private deliver(envelope: IBusEnvelope): void {
    if (!this.handler) return;
    this.counters.received++;
    try {
      this.handler(envelope);
    } catch (error) {
      // One app's failing handler must not keep the other buses of the hub from their envelope.
      this.counters.handlerErrors++;
      this.log.error('handler', `MemoryBus: the handler threw on a ${describeEnvelope(envelope)}`, error);
    }
  }
}
