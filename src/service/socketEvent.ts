import { WebSocket } from 'ws';
import { inject } from 'inversify';
import { BeanSocket } from '../bean/bean.socket.js';
import { describeEnvelope } from '../bus/envelope.js';
import { type IHistoryEvent } from '../bus/history/history.js';
import { BeanBase } from '../core/beanBase.js';
import { ThrottledLog } from '../core/throttledLog.js';
import { Service } from '../core/decorators.js';
import { encodeEventFrame } from '../protocol/eventFrame.js';
import { textFrame, writeTextFrame } from '../lib/frameWriter.js';
import { BUS_ENVELOPE_VERSION, type IBusEnvelope } from '../bus/broadcastBus.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { type ISocketEventRecordAll, type ISocketWebSocket, type SendEventCallback } from '../types/socket.js';
import { type IDeliveryReceipt, type ISocketEventOptions } from '../types/socketEvent.js';
import { SlowConsumers } from './slowConsumers.js';
import { ServiceSocketClose } from './socketClose.js';
import { connectionRunOf } from './socketContext.js';

/** The system events a server sends: the `sys…` names of every event record. */
type SystemEventOut = Extract<keyof ISocketEventRecordAll, `sys${string}`>;

/**
 * What every call outside a history namespace resolves with: one frozen object in one settled promise, so the
 * hot path allocates nothing for the receipt.
 */
const NO_RECEIPT: Promise<IDeliveryReceipt> = Promise.resolve(Object.freeze({}));

/**
 * send / broadcast: delivers to this process's clients at once and publishes on the bus so other
 * processes deliver to theirs. A frame is serialised and framed once per call, whatever the number of
 * clients, and the writes to one socket within a tick leave together (`frameWriter`).
 *
 * In a namespace with history the event goes only into the namespace's stream (`history.append`): every
 * process, this one too, delivers it when its reader reaches it (`ServiceSocketHistory`), so all deliver one
 * order. The returned receipt then carries the event's epoch and offset.
 */
@Service()
export class ServiceSocketEvent extends BeanBase<ISocketConfig> {
  /** Frames not sent because a client's buffer was over `maxBufferedAmount`. */
  slowConsumerSkips = 0;
  /** Frames written to clients (one per client a broadcast reaches). */
  framesSent = 0;

  /** Slow consumers of history namespaces closed with 1013 (never skipped: a skip would be a silent gap). */
  historySlowConsumerCloses = 0;

  private slowConsumersPolicy?: SlowConsumers;
  private appendLog?: ThrottledLog;

  constructor(
    @inject(BeanSocket) private readonly registry: BeanSocket,
    @inject(ServiceSocketClose) private readonly socketClose: ServiceSocketClose,
  ) {
    super();
  }

  /** Made on first use: the logger and the config come with the app, after construction. */
  private get slowConsumers(): SlowConsumers {
    return (this.slowConsumersPolicy ??= new SlowConsumers(
      this.logger,
      () => this.scope.config.maxBufferedAmount,
      (ws, count) => this.sendSystem(ws, 'sysEventsSkipped', { count }),
      ws => this.socketClose.close(ws, SocketCloseCode.tryAgainLater, SocketCloseReason.slowConsumer),
    ));
  }

  /**
   * Sends a system event (`sysReady`, `sysPerformActionBack`, `sysEventError`...) to one connection of this
   * process: the one way every built-in answer and notice goes out, typed by its payload. False when the frame
   * was refused (see `deliver`).
   */
  sendSystem<K extends SystemEventOut>(
    ws: ISocketWebSocket,
    eventName: K,
    data: ISocketEventRecordAll[K],
    cb?: SendEventCallback,
  ): boolean {
    return this.deliver(ws, this.encodeFrame(eventName, data), cb);
  }

  /** Serialises an event into its wire frame (system events as short codes). */
  encodeFrame(eventName: string, data: unknown): string {
    return encodeEventFrame(this.scope.config.eventPrefix, eventName, data);
  }

  /** Serialises an event of a history namespace into its wire frame, with its offset as the third element. */
  encodeEntryFrame(eventName: string, data: unknown, offset: string): string {
    return encodeEventFrame(this.scope.config.eventPrefix, eventName, data, offset);
  }

  /**
   * Sends an event to one connection, wherever it lives. When the connection is in a history namespace (this
   * process's, or `namespace`'s when it lives elsewhere: namespace beans pass theirs) the event goes through
   * that namespace's stream and the receipt has its offset; otherwise a connection elsewhere is reached
   * through the bus, without a receipt.
   */
  send(
    id: string,
    eventName: string,
    data?: unknown,
    options?: ISocketEventOptions,
    namespace?: string,
  ): Promise<IDeliveryReceipt> {
    const ws = this.registry.get(id);
    // A connection here is in its own namespace, whatever the caller passed.
    const target = ws === undefined ? namespace : ws.namespace;
    if (target !== undefined && this.app.historyNamespaces.has(target)) {
      return options?.exclude === id ? NO_RECEIPT : this.append(target, { kind: 'send', id, eventName, data, options });
    }
    if (ws) {
      if (options?.exclude !== id) this.deliver(ws, this.encodeFrame(eventName, data));
      return NO_RECEIPT;
    }
    this.publish({ v: BUS_ENVELOPE_VERSION, worker: this.app.workerId, kind: 'send', id, eventName, data, options });
    return NO_RECEIPT;
  }

  /**
   * Sends an event to every connection of a namespace (or of a room: `{ room }`), in every process. Resolves with
   * the event's place in the namespace's stream for a history namespace (once the store gave it one), `{}` otherwise.
   */
  broadcast(
    namespace: string,
    eventName: string,
    data?: unknown,
    options?: ISocketEventOptions,
  ): Promise<IDeliveryReceipt> {
    if (this.app.historyNamespaces.has(namespace)) {
      return this.append(namespace, { kind: 'broadcast', eventName, data, options });
    }
    this.broadcastLocal(namespace, eventName, data, options);
    this.publish({
      v: BUS_ENVELOPE_VERSION,
      worker: this.app.workerId,
      kind: 'broadcast',
      namespace,
      eventName,
      data,
      options,
    });
    return NO_RECEIPT;
  }

  /**
   * Writes an already framed event of a history namespace to one accepted connection (see `deliver` for the
   * checks). False when it was refused.
   */
  writeEntry(ws: ISocketWebSocket, frame: Buffer, payload: string): boolean {
    if (!this.admit(ws)) return false;
    writeTextFrame(ws, frame, payload);
    this.framesSent++;
    return true;
  }

  /**
   * Hands an event to the namespace's stream. The promise is the caller's to await; when nobody does, its
   * rejection is still handled here (logged, throttled), never an unhandled rejection.
   */
  private append(namespace: string, event: IHistoryEvent): Promise<IDeliveryReceipt> {
    const store = this.app.plugins.history;
    let appended: Promise<IDeliveryReceipt>;
    try {
      if (!store) throw new Error(`no history store for ${namespace}: the app was created without history namespaces`);
      appended = store.append(namespace, event);
    } catch (error) {
      appended = Promise.reject(error);
    }
    appended.catch(error => {
      this.appendLog ??= new ThrottledLog(this.logger, 10_000);
      this.appendLog.error(
        'append',
        `${event.kind} of "${event.eventName}" to history namespace ${namespace} failed: it is not delivered`,
        error,
      );
    });
    return appended;
  }

  /** Puts a connection in a room of its namespace, wherever it lives; `broadcast(…, { room })` reaches it there. */
  join(id: string, room: string): void {
    this.changeRoom('join', id, room);
  }

  /** Takes a connection out of a room; closing a connection leaves all its rooms. */
  leave(id: string, room: string): void {
    this.changeRoom('leave', id, room);
  }

  /** Delivers what another process published; skips this process's own publications. */
  receive(envelope: IBusEnvelope): void {
    if (envelope.v !== BUS_ENVELOPE_VERSION || envelope.worker === this.app.workerId) return;
    switch (envelope.kind) {
      case 'broadcast':
        this.broadcastLocal(envelope.namespace, envelope.eventName, envelope.data, envelope.options);
        return;
      case 'send': {
        const ws = this.registry.get(envelope.id);
        if (ws && envelope.options?.exclude !== envelope.id) {
          this.deliver(ws, this.encodeFrame(envelope.eventName, envelope.data));
        }
        return;
      }
      default: {
        const ws = this.registry.get(envelope.id);
        if (ws) this.registry[envelope.kind](ws, envelope.room);
      }
    }
  }

  /**
   * Writes a frame to one socket unless it is closing or over `maxBufferedAmount`; then the slow-consumer
   * policy skips the frame (and tells the client later) or closes the socket (1013, the client may come back).
   * To a connection still entering, the frame is held and written right after its sysReady (dropped if it
   * is refused). False when the frame was refused.
   */
  deliver(ws: ISocketWebSocket, frame: string | Buffer, cb?: SendEventCallback): boolean {
    if (connectionRunOf(ws)?.holdFrame(frame, cb) === true) return true;
    if (!this.admit(ws, cb)) return false;
    writeTextFrame(ws, textFrame(frame), frame, cb);
    this.framesSent++;
    return true;
  }

  /** Whether a frame may be written to `ws` now; applies the slow-consumer policy when it may not. */
  private admit(ws: ISocketWebSocket, cb?: SendEventCallback): boolean {
    if (ws.readyState !== WebSocket.OPEN) {
      cb?.(new Error(`connection ${ws.id} is not open`));
      return false;
    }
    const config = this.scope.config;
    if (ws.bufferedAmount > config.maxBufferedAmount) {
      this.slowConsumerSkips++;
      // History namespaces never skip: the client would not know what it missed. Closed, it recovers.
      if (this.app.historyNamespaces.has(ws.namespace)) {
        this.historySlowConsumerCloses++;
        this.slowConsumers.close(ws);
      } else if (config.slowConsumer === 'close') this.slowConsumers.close(ws);
      else this.slowConsumers.skip(ws);
      cb?.(new Error(`connection ${ws.id} is a slow consumer: frame skipped`));
      return false;
    }
    return true;
  }

  private changeRoom(kind: 'join' | 'leave', id: string, room: string): void {
    const ws = this.registry.get(id);
    if (ws) {
      this.registry[kind](ws, room);
      return;
    }
    this.publish({ v: BUS_ENVELOPE_VERSION, worker: this.app.workerId, kind, id, room });
  }

  private broadcastLocal(namespace: string, eventName: string, data: unknown, options?: ISocketEventOptions): void {
    const room = options?.room;
    const clients =
      room === undefined ? this.registry.namespaceClients(namespace) : this.registry.roomClients(namespace, room);
    if (clients.size === 0) return;
    const payload = this.encodeFrame(eventName, data);
    // One WebSocket frame for every client: the same buffer is written to each socket.
    const frame = textFrame(payload);
    const exclude = options?.exclude;
    for (const ws of clients) {
      if (ws.id !== exclude && this.admit(ws)) {
        writeTextFrame(ws, frame, payload);
        this.framesSent++;
      }
    }
  }

  private publish(envelope: IBusEnvelope): void {
    const bus = this.app.plugins.bus;
    if (!bus) return;
    try {
      bus.publish(envelope);
    } catch (error) {
      this.logger.error(`bus publish (${describeEnvelope(envelope)}) failed`, error);
    }
  }
}
