import type { IPerformActionBackPayload, IPerformActionPayload, ISocketEventRecord } from '../types/socketEvent.js';
import type { PerformActionMethod } from '../types/socketEvent.js';
import { ActionError } from './actionError.js';
import type { PerformActionOptions, WebSocketClientOptions } from './clientOptions.js';
import { ClientConnection } from './clientConnection.js';
import { OutboundQueue } from './outboundQueue.js';
import { PendingActions } from './pendingActions.js';
import { DeliveryRecovery } from './deliveryRecovery.js';
import { SocketClientError } from './socketClientError.js';
import { decodeFrame, encodeFrame, readyIdOf, skippedCountOf } from './wireFrame.js';

const DEFAULT_MAX_QUEUED = 100;
const DEFAULT_ACTION_TIMEOUT = 30000;
/** Events of a recovering connection held until its sysReady: more than any default history size (10,000). */
const DEFAULT_MAX_HELD = 100000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The a-socket client: one logical connection that survives drops. It waits for sysReady before it sends,
 * queues (boundedly) what is sent meanwhile, reconnects with capped, jittered backoff after transient closes,
 * and keeps every handler across reconnects. `Events` defaults to the augmentable `ISocketEventRecord`.
 * The socket's lifecycle and reconnecting are ClientConnection's; this class is what flows over the socket: the
 * frames it sends or queues, the RPC calls, the dispatch of incoming frames and the recovery of missed events.
 */
export class WebSocketClient<Events extends object = ISocketEventRecord> extends ClientConnection<Events> {
  private readonly prefix: string;
  private readonly actionTimeout: number;

  private readonly queue: OutboundQueue;
  private readonly pending: PendingActions;
  private readonly recovery: DeliveryRecovery;
  private readonly recoveryEnabled: boolean;

  private lastRequestId = 0;
  private eventsSkipped = 0;
  private framesIgnoredBeforeReady = 0;

  constructor(options: WebSocketClientOptions = {}) {
    super(options);
    this.prefix = options.eventPrefix ?? '_:';
    this.actionTimeout = options.performActionTimeout ?? DEFAULT_ACTION_TIMEOUT;
    this.queue = new OutboundQueue(options.maxQueued ?? DEFAULT_MAX_QUEUED);
    this.pending = new PendingActions(id => this.queue.removeRequest(id));
    this.recoveryEnabled = options.recovery?.enabled ?? true;
    this.recovery = new DeliveryRecovery(options.recovery?.maxHeld ?? DEFAULT_MAX_HELD);
  }

  /**
   * Whether the current (or last) connection recovered: its sysReady said every event missed since the previous
   * connection was replayed (they were delivered before `ready`). False on a first connection and when the
   * server could not replay the gap (history trimmed or expired, epoch changed, session refused): then events
   * were missed. `onReady`'s info says the same per connection.
   */
  get recovered(): boolean {
    return this.recovery.recovered;
  }

  /**
   * Where the client stands in its namespace's event stream (a namespace with history): the epoch and the offset
   * of the last event delivered, or of sysReady. Offered when reconnecting, to recover what was missed.
   */
  get position(): { epoch: string; offset: string } | undefined {
    return this.recovery.position;
  }

  /** Events not delivered because their offset was not after the last one delivered (duplicates), in total. */
  get duplicatesDropped(): number {
    return this.recovery.duplicatesDropped;
  }

  /** Events the server reported it skipped because this client read too slowly (`sysEventsSkipped`), in total. */
  get skippedEvents(): number {
    return this.eventsSkipped;
  }

  /** How many frames wait for the next sysReady. */
  get queuedCount(): number {
    return this.queue.size;
  }

  /**
   * Frames that arrived on a connection before its sysReady and were ignored, over the client's life. A server
   * sends nothing before sysReady; anything that comes earlier is not passed to any handler, only counted.
   */
  get ignoredBeforeReady(): number {
    return this.framesIgnoredBeforeReady;
  }

  /**
   * Sends an event to the server: `'sent'` if it went out now, `'queued'` if it waits for the next sysReady.
   * Throws `queue_full` when `maxQueued` frames already wait, `not_connected` once the client is stopped, and
   * TypeError for data JSON cannot carry.
   */
  sendEvent(eventName: string, data?: unknown): 'sent' | 'queued' {
    if (this.clientState === 'closed') {
      throw new SocketClientError('not_connected', `sendEvent("${eventName}") on a stopped client: connect() first`);
    }
    const frame = encodeFrame(this.prefix, eventName, data);
    if (this.isReady) {
      this.connection?.socket.send(frame);
      return 'sent';
    }
    if (!this.queue.push({ frame })) {
      throw new SocketClientError('queue_full', `sendEvent("${eventName}"): ${this.queue.limit} frames already wait`);
    }
    return 'queued';
  }

  /**
   * Calls the server's HTTP API over the socket. Resolves with the answer's `d`; rejects with ActionError
   * (the server's status, or a client code: see ActionClientErrorCode). Before ready, the call is queued like
   * an event, and its timeout already runs.
   */
  performAction<T = unknown>(
    method: PerformActionMethod,
    path: string,
    options: PerformActionOptions = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call = { id: ++this.lastRequestId, method: method.toLowerCase() as PerformActionMethod, path };
      if (options.signal?.aborted) {
        reject(new ActionError('aborted', 'the signal was aborted before the call', call));
        return;
      }
      if (this.clientState === 'closed') {
        reject(new ActionError('not_connected', 'the client is stopped: connect() first', call));
        return;
      }
      const payload: IPerformActionPayload = { i: call.id, m: call.method, p: path };
      if (options.query !== undefined) payload.q = options.query;
      if (options.body !== undefined) payload.b = options.body;
      if (options.headers !== undefined) payload.h = options.headers;
      const frame = encodeFrame(this.prefix, 'sysPerformAction', payload);
      const sendNow = this.isReady;
      if (!sendNow && this.queue.full) {
        reject(new ActionError('queue_full', `${this.queue.limit} frames already wait for the connection`, call));
        return;
      }
      this.pending.add({
        ...call,
        timeout: options.timeout ?? this.actionTimeout,
        signal: options.signal,
        sent: sendNow,
        resolve: resolve as (data: unknown) => void,
        reject,
      });
      if (sendNow) this.connection?.socket.send(frame);
      else this.queue.push({ frame, requestId: call.id });
    });
  }

  protected handleMessage(raw: unknown): void {
    const frame = decodeFrame(this.prefix, raw);
    if (this.clientState !== 'ready' && !(frame.kind === 'event' && frame.eventName === 'sysReady')) {
      // A recovering connection's replay comes before its sysReady: held until sysReady says it is complete.
      if (frame.kind === 'event' && this.recovery.holdBeforeReady(frame.eventName, frame.data, frame.offset)) return;
      this.framesIgnoredBeforeReady++;
      return;
    }
    if (frame.kind === 'fallback') {
      this.fallbackHandlers.emit(raw);
      return;
    }
    const { eventName, data, offset } = frame;
    if (eventName === 'sysReady') {
      const id = readyIdOf(data);
      if (id !== undefined) this.handleReady(id, data);
      else this.fallbackHandlers.emit(raw);
    } else if (eventName === 'sysEventsSkipped') {
      const count = skippedCountOf(data);
      if (count === undefined) {
        this.fallbackHandlers.emit(raw);
        return;
      }
      this.eventsSkipped += count;
      this.eventsSkippedHandlers.emit(count);
    } else if (eventName === 'sysPerformActionBack') {
      if (isRecord(data) && 'i' in data) this.pending.answer(data as unknown as IPerformActionBackPayload);
      else this.fallbackHandlers.emit(raw);
    } else if (this.recovery.accept(offset)) {
      this.deliver(eventName, data, offset);
    }
  }

  private deliver(eventName: string, data: unknown, offset: string | undefined): void {
    this.eventHandlers.emit(eventName, data);
    this.anyEventHandlers.emit(eventName, data, offset);
  }

  private handleReady(id: string, data: unknown): void {
    const connection = this.connection;
    const { info, replay, discarded } = this.recovery.ready(id, data);
    this.framesIgnoredBeforeReady += discarded;
    this.markReady(id);
    // Flush before anyone hears of readiness, so queued frames go out ahead of what ready handlers send.
    for (const entry of this.queue.drain()) {
      this.connection?.socket.send(entry.frame);
      if (entry.requestId !== undefined) this.pending.markSent(entry.requestId);
    }
    // The replayed events are older than sysReady: they reach the handlers before anyone hears of readiness.
    for (const event of replay) {
      // A handler may have disconnected (or the socket dropped): the rest is not for this connection any more.
      if (this.connection !== connection || this.clientState !== 'ready') return;
      this.deliver(event.eventName, event.data, event.offset);
    }
    this.readySignal.resolve(id);
    this.readyHandlers.emit(id, info);
  }

  protected socketUrl(url: string, reconnect: boolean): string {
    return this.recovery.urlFor(url, reconnect && this.recoveryEnabled);
  }

  protected onConnect(): void {
    this.recovery.reset();
  }

  protected onConnectionLost(): void {
    this.pending.failSent();
  }

  protected onStop(): void {
    this.pending.failAll();
    this.queue.drain();
  }
}
