import { type Redis } from 'ioredis';
import { ASocketError } from '../../core/error.js';
import { createConsoleLogger } from '../../core/logger.js';
import { type BusEnvelopeHandler, type IBroadcastBus, type IBusEnvelope } from '../broadcastBus.js';
import { type ILogger } from '../../core/logger.js';
import { BoundedQueue } from '../boundedQueue.js';
import { describeEnvelope, parseBusEnvelope } from '../envelope.js';
import {
  closeRedisConnection,
  createPublisherConnection,
  createSubscriberConnection,
  redactRedisUrl,
} from './redisBusConnection.js';
import { type IRedisBusOptions, resolveRedisBusOptions } from './redisBusOptions.js';
import { type IRedisBusStats } from '../busStats.js';
import { ThrottledLog } from '../../core/throttledLog.js';
import { settlesWithin } from '../../core/settlesWithin.js';

export type { IRedisBusOptions } from './redisBusOptions.js';

interface IBufferedPublication {
  payload: string;
  /** What the publication carries, for log lines (`describeEnvelope`). */
  label: string;
  bufferedAt: number;
}

/**
 * Broadcast bus over Redis pub/sub, for several processes or machines. Delivery is at most once:
 * what cannot reach Redis is buffered (bounded) or dropped, counted and logged, never thrown at the
 * caller, whose local delivery has already happened.
 */
export class RedisBus implements IBroadcastBus {
  readonly channel: string;
  readonly connectionNames: { readonly publisher: string; readonly subscriber: string };
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly buffer: BoundedQueue<IBufferedPublication>;
  private readonly maxBufferedAgeMs: number;
  private readonly maxInFlight: number;
  private readonly subscribeWaitMs: number;
  private readonly redactedUrl: string;
  private readonly logger: ILogger;
  private readonly log: ThrottledLog;
  private readonly counters = { published: 0, received: 0, dropped: 0, handlerErrors: 0, invalid: 0, inFlight: 0 };
  /** Publications dropped since the publisher was last ready: reported once it is back. */
  private droppedDuringOutage = 0;
  private publisherWasReady = false;
  /** Until the first connection attempt succeeds or fails: buffering then is start-up, not an outage. */
  private publisherStarting = true;
  private subscriberWasReady = false;
  private handler?: BusEnvelopeHandler;
  private abortSubscribe?: (reason: Error) => void;
  private closed = false;
  private closing?: Promise<void>;

  constructor(options: IRedisBusOptions = {}) {
    const resolved = resolveRedisBusOptions(options);
    const { prefix, name } = resolved;
    this.maxInFlight = resolved.maxInFlight;
    this.maxBufferedAgeMs = resolved.maxBufferedAgeMs;
    this.subscribeWaitMs = resolved.subscribeWaitMs;
    this.channel = `${prefix}:broadcast`;
    this.connectionNames = { publisher: `${prefix}:pub:${name}`, subscriber: `${prefix}:sub:${name}` };
    this.buffer = new BoundedQueue(resolved.maxBuffered);
    this.redactedUrl = redactRedisUrl(resolved.url);
    this.logger = resolved.logger ?? createConsoleLogger();
    this.log = new ThrottledLog(this.logger, resolved.logIntervalMs);

    const connection = {
      url: resolved.url,
      reconnectDelayMinMs: resolved.reconnectDelayMinMs,
      reconnectDelayMaxMs: resolved.reconnectDelayMaxMs,
      redisOptions: resolved.redisOptions,
    };
    this.publisher = createPublisherConnection({ ...connection, connectionName: this.connectionNames.publisher });
    this.subscriber = createSubscriberConnection({ ...connection, connectionName: this.connectionNames.subscriber });
    // Without an 'error' listener ioredis prints every failed reconnect attempt to stderr.
    this.publisher.on('error', error => this.onConnectionError('publisher', error));
    this.subscriber.on('error', error => this.onConnectionError('subscriber', error));
    this.publisher.on('ready', () => this.onPublisherReady());
    this.publisher.on('close', () => (this.publisherStarting = false));
    this.subscriber.on('ready', () => this.onSubscriberReady());
  }

  get stats(): IRedisBusStats {
    const { inFlight, ...counters } = this.counters;
    return {
      ...counters,
      inFlight,
      buffered: this.buffer.size,
      publisherReady: this.publisher.status === 'ready',
      subscriberReady: this.subscriber.status === 'ready',
    };
  }

  publish(envelope: IBusEnvelope): void {
    if (this.closed) {
      this.drop(1, 'closed', `RedisBus: dropped a publication (${describeEnvelope(envelope)}): the bus is closed`);
      return;
    }
    let payload: string;
    try {
      // Serialised now: the caller may reuse or mutate its data after this returns.
      payload = JSON.stringify(envelope);
    } catch (error) {
      this.drop(
        1,
        'unserializable',
        `RedisBus: dropped a publication (${describeEnvelope(envelope)}): its envelope is not JSON-serialisable (${(error as Error).message}); send plain JSON data`,
      );
      return;
    }
    // Straight to Redis only when nothing older is waiting, so publications keep their order.
    if (this.publisher.status === 'ready' && this.buffer.size === 0 && this.counters.inFlight < this.maxInFlight) {
      this.write(payload);
      return;
    }
    this.enqueue({ payload, label: describeEnvelope(envelope), bufferedAt: Date.now() });
    if (this.publisher.status === 'wait') this.publisher.connect().catch(() => {});
  }

  /**
   * Subscribes `handler` to the channel. Resolves once Redis has acknowledged the SUBSCRIBE, or
   * after `subscribeWaitMs` when Redis does not answer: then it logs a warning and the subscription
   * completes in the background (logged at info), so that a process starts without Redis.
   */
  async subscribe(handler: BusEnvelopeHandler): Promise<void> {
    if (this.closed) {
      throw new ASocketError('BUS_CLOSED', `RedisBus.subscribe() on "${this.channel}" after close(): create a new bus`);
    }
    if (this.handler) {
      throw new ASocketError(
        'BUS_ALREADY_SUBSCRIBED',
        `RedisBus.subscribe() on "${this.channel}" called twice: a bus carries the one handler of its app`,
      );
    }
    this.handler = handler;
    this.subscriber.on('message', this.onMessage);
    const acknowledged = this.subscribeUntilAcknowledged();
    if (await settlesWithin(acknowledged, this.subscribeWaitMs)) return;

    this.logger.warn(
      `RedisBus: no answer from ${this.redactedUrl} within ${this.subscribeWaitMs} ms (subscribeWaitMs); going on without it: this process serves its own clients, publications are buffered, and events from other processes arrive once SUBSCRIBE ${this.channel} succeeds`,
    );
    acknowledged.then(
      () =>
        this.logger.info(
          `RedisBus: subscribed to ${this.channel} on ${this.redactedUrl}; events from other processes arrive from now on`,
        ),
      (error: Error) => {
        if (!this.closed) this.logger.error(error.message);
      },
    );
  }

  /** Waits (across reconnects) until Redis acknowledges; a later reconnect resubscribes by itself. */
  private async subscribeUntilAcknowledged(): Promise<void> {
    const acknowledged = this.subscriber.subscribe(this.channel);
    acknowledged.catch(() => {});
    // ioredis leaves a queued SUBSCRIBE pending forever when disconnected between two reconnect
    // attempts, so close() settles it through this race instead.
    const closedFirst = new Promise<never>((_resolve, reject) => (this.abortSubscribe = reject));
    try {
      await Promise.race([acknowledged, closedFirst]);
    } catch (error) {
      this.subscriber.off('message', this.onMessage);
      this.handler = undefined;
      if (this.closed) {
        throw new ASocketError('BUS_CLOSED', `RedisBus closed before Redis acknowledged SUBSCRIBE ${this.channel}`);
      }
      throw new ASocketError(
        'BUS_SUBSCRIBE_FAILED',
        `RedisBus could not SUBSCRIBE ${this.channel} on ${this.redactedUrl}: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      this.abortSubscribe = undefined;
    }
  }

  /** Quits both connections; publications already written are answered first, buffered ones are sent if Redis is up. */
  close(): Promise<void> {
    this.closing ??= this.closeConnections();
    return this.closing;
  }

  private async closeConnections(): Promise<void> {
    this.closed = true;
    if (this.publisher.status === 'ready') this.flush(Number.POSITIVE_INFINITY);
    this.abortSubscribe?.(new Error('closed'));
    const unsent = this.buffer.clear();
    if (unsent > 0) {
      this.drop(
        unsent,
        'closed',
        `RedisBus: dropped ${unsent} buffered publication(s) at close: Redis was unreachable`,
      );
    }
    await Promise.all([closeRedisConnection(this.publisher), closeRedisConnection(this.subscriber)]);
  }

  private write(payload: string): void {
    this.counters.inFlight++;
    this.publisher.publish(this.channel, payload).then(
      () => {
        this.counters.inFlight--;
        this.counters.published++;
        if (this.buffer.size > 0) this.flush(this.maxInFlight);
      },
      (error: Error) => {
        this.counters.inFlight--;
        // Written but unanswered: Redis may or may not have delivered it. Not resent, so that
        // nothing is ever delivered twice; counted as dropped because nobody confirmed it.
        this.drop(1, 'in-flight', `RedisBus: a publication on ${this.channel} was not acknowledged: ${error.message}`);
      },
    );
  }

  private enqueue(publication: IBufferedPublication): void {
    const evicted = this.buffer.push(publication);
    if (evicted) {
      this.drop(
        1,
        'buffer-full',
        `RedisBus: buffer of ${this.buffer.capacity} publications on ${this.channel} is full (maxBuffered); dropped the oldest (${evicted.label})`,
      );
    } else if (this.publisher.status !== 'ready') {
      if (this.publisherStarting) return;
      this.log.warn(
        'buffering',
        `RedisBus: publisher to ${this.redactedUrl} is ${this.publisher.status}; buffering publications on ${this.channel} (${this.buffer.size}/${this.buffer.capacity}) until it is back`,
      );
    } else {
      this.log.warn(
        'saturated',
        `RedisBus: ${this.maxInFlight} publications on ${this.channel} await Redis's answer (maxInFlight); buffering (${this.buffer.size}/${this.buffer.capacity})`,
      );
    }
  }

  private flush(maxInFlight: number): void {
    const now = Date.now();
    while (this.buffer.size > 0 && this.publisher.status === 'ready' && this.counters.inFlight < maxInFlight) {
      const publication = this.buffer.shift() as IBufferedPublication;
      if (now - publication.bufferedAt > this.maxBufferedAgeMs) {
        this.drop(
          1,
          'expired',
          `RedisBus: dropped a buffered publication (${publication.label}), older than maxBufferedAgeMs (${this.maxBufferedAgeMs} ms)`,
        );
        continue;
      }
      this.write(publication.payload);
    }
  }

  private drop(count: number, topic: string, message: string): void {
    this.counters.dropped += count;
    if (this.publisherWasReady && this.publisher.status !== 'ready') this.droppedDuringOutage += count;
    this.log.warn(topic, message);
  }

  private readonly onMessage = (channel: string, message: string): void => {
    if (channel !== this.channel || !this.handler) return;
    const parsed = parseBusEnvelope(message);
    if (!parsed.ok) {
      this.counters.invalid++;
      this.log.warn('invalid', `RedisBus: dropped a message on ${this.channel}: ${parsed.reason}`);
      return;
    }
    this.counters.received++;
    try {
      this.handler(parsed.envelope);
    } catch (error) {
      // Thrown into ioredis, this would break its reply parser; the next envelope must still arrive.
      this.counters.handlerErrors++;
      this.log.error('handler', `RedisBus: the handler threw on a ${describeEnvelope(parsed.envelope)}`, error);
    }
  };

  private onPublisherReady(): void {
    if (this.publisherWasReady) {
      this.logger.info(
        `RedisBus: publisher reconnected to ${this.redactedUrl}; sending ${this.buffer.size} buffered publication(s), ${this.droppedDuringOutage} dropped during the outage`,
      );
    }
    this.publisherWasReady = true;
    this.publisherStarting = false;
    this.droppedDuringOutage = 0;
    this.flush(this.maxInFlight);
  }

  private onSubscriberReady(): void {
    if (this.subscriberWasReady && this.handler) {
      this.logger.info(`RedisBus: subscriber reconnected to ${this.redactedUrl}; resubscribing to ${this.channel}`);
    }
    this.subscriberWasReady = true;
  }

  private onConnectionError(role: 'publisher' | 'subscriber', error: Error): void {
    this.log.warn(
      `${role}-error`,
      `RedisBus: ${role} connection to ${this.redactedUrl} failed: ${error.message}; reconnecting with backoff`,
    );
  }
}
