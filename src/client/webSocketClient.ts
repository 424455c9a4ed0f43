import { MAX_CLOSE_REASON_BYTES, utf8ByteLength } from '../protocol/closeFrame.js';
import type { IPerformActionBackPayload, IPerformActionPayload, ISocketEventRecord } from '../types/socketEvent.js';
import type { PerformActionMethod } from '../types/socketEvent.js';
import { ActionError } from './actionError.js';
import type { ClientState, PerformActionOptions, WebSocketClientOptions } from './clientOptions.js';
import { OutboundQueue } from './outboundQueue.js';
import { PendingActions } from './pendingActions.js';
import { ReadySignal } from './readySignal.js';
import { ClientSubscriptions } from './clientSubscriptions.js';
import { connectFailedError, refusedUpgradeStatus, upgradeRefusedError } from './connectFailure.js';
import { DeliveryRecovery } from './deliveryRecovery.js';
import { DEFAULT_RECONNECT_OPTIONS, type CloseInfo } from './reconnectPolicy.js';
import { Reconnector } from './reconnector.js';
import { SocketClientError } from './socketClientError.js';
import { SOCKET_STATE, type WebSocketConstructor, type WebSocketLike } from './webSocketLike.js';
import { decodeFrame, encodeFrame, readyIdOf, skippedCountOf } from './wireFrame.js';

const DEFAULT_MAX_QUEUED = 100;
const DEFAULT_ACTION_TIMEOUT = 30000;
/** Events of a recovering connection held until its sysReady: more than any default history size (10,000). */
const DEFAULT_MAX_HELD = 100000;

/** One socket, the promise of its close event (which `disconnect()` returns) and the last error it reported. */
interface Connection {
  socket: WebSocketLike;
  closed: Promise<void>;
  error?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `ws` puts the Error on its ErrorEvent; the browser's error Event carries nothing more than itself. */
function errorOf(event: unknown): unknown {
  return isRecord(event) && event.error !== undefined ? event.error : event;
}

/**
 * The a-socket client: one logical connection that survives drops. It waits for sysReady before it sends,
 * queues (boundedly) what is sent meanwhile, reconnects with capped, jittered backoff after transient closes,
 * and keeps every handler across reconnects. `Events` defaults to the augmentable `ISocketEventRecord`.
 */
export class WebSocketClient<Events extends object = ISocketEventRecord> extends ClientSubscriptions<Events> {
  private readonly WebSocketImpl: WebSocketConstructor | undefined;
  private readonly prefix: string;
  private readonly actionTimeout: number;
  private readonly reconnector: Reconnector;

  private readonly queue: OutboundQueue;
  private readonly pending: PendingActions;
  private readonly readySignal = new ReadySignal();
  private readonly recovery: DeliveryRecovery;
  private readonly recoveryEnabled: boolean;

  private connection: Connection | undefined;
  private clientState: ClientState = 'idle';
  private target: { url: string; protocols?: string | string[] } | undefined;
  private lastRequestId = 0;
  private connectionId: string | undefined;
  /** From connect() until its first attempt ends: that attempt's failure rejects `ready` even if retries follow. */
  private firstAttempt = false;
  private eventsSkipped = 0;
  private framesIgnoredBeforeReady = 0;

  constructor(options: WebSocketClientOptions = {}) {
    super();
    this.WebSocketImpl = options.WebSocket;
    this.prefix = options.eventPrefix ?? '_:';
    this.reconnector = new Reconnector(
      { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect },
      options.random ?? Math.random,
    );
    this.actionTimeout = options.performActionTimeout ?? DEFAULT_ACTION_TIMEOUT;
    this.queue = new OutboundQueue(options.maxQueued ?? DEFAULT_MAX_QUEUED);
    this.pending = new PendingActions(id => this.queue.removeRequest(id));
    this.recoveryEnabled = options.recovery?.enabled ?? true;
    this.recovery = new DeliveryRecovery(options.recovery?.maxHeld ?? DEFAULT_MAX_HELD);
  }

  /**
   * Resolves with the connection id once the current connection is ready. Replaced by a pending promise when
   * the connection drops, rejected (`not_connected`) once the client stops: `await client.ready` means "ready now".
   */
  get ready(): Promise<string> {
    return this.readySignal.promise;
  }

  /** The id the server gave the current connection in sysReady; undefined while not ready. */
  get id(): string | undefined {
    return this.connectionId;
  }

  /** The URL the client connects and reconnects to; undefined before the first `connect()`. */
  get url(): string | undefined {
    return this.target?.url;
  }

  /**
   * Changes the URL of the next reconnect (e.g. a refreshed passport code in its query: `keepPassportFresh`);
   * the open socket stays as it is. Throws `not_connected` before the first `connect()`.
   */
  setUrl(url: string | URL): void {
    if (!this.target)
      throw new SocketClientError('not_connected', 'setUrl() before connect(): pass the URL to connect()');
    this.target = { ...this.target, url: String(url) };
  }

  get state(): ClientState {
    return this.clientState;
  }

  /** The current socket's readyState (0 connecting, 1 open, 2 closing, 3 closed); 3 when there is none. */
  get readyState(): number {
    return this.connection?.socket.readyState ?? SOCKET_STATE.CLOSED;
  }

  /** The socket is open (sysReady may still be on its way: see `isReady`). */
  get connected(): boolean {
    return this.readyState === SOCKET_STATE.OPEN;
  }

  /** Open and past sysReady: what is sent now goes out at once instead of into the queue. */
  get isReady(): boolean {
    return this.clientState === 'ready' && this.connected;
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
   * Opens the connection and keeps it open until `disconnect()` or a close that does not reconnect.
   * Throws `already_connected` unless idle or stopped, `no_websocket` without an implementation, and whatever
   * the WebSocket constructor throws for a bad URL.
   */
  connect(url: string | URL, protocols?: string | string[]): void {
    if (this.clientState !== 'idle' && this.clientState !== 'closed') {
      throw new SocketClientError('already_connected', `connect() while ${this.clientState}: disconnect() first`);
    }
    if (!this.WebSocketImpl && !(globalThis as { WebSocket?: WebSocketConstructor }).WebSocket) {
      throw new SocketClientError('no_websocket', 'no WebSocket implementation: pass options.WebSocket (in Node: ws)');
    }
    const previousState = this.clientState;
    this.target = { url: String(url), protocols };
    this.reconnector.reset();
    this.readySignal.reset();
    this.recovery.reset();
    this.firstAttempt = true;
    try {
      this.open(false);
    } catch (error) {
      this.clientState = previousState;
      if (previousState === 'closed') this.readySignal.stop('connect() failed');
      throw error;
    }
  }

  /**
   * Closes the connection and stops reconnecting. Pending RPC calls reject at once (`closed` if sent,
   * `not_connected` if still queued), queued events are discarded, `ready` rejects. Resolves when the socket
   * has closed. `code` must be 1000 or 3000–4999 and `reason` at most 123 UTF-8 bytes (browser rules).
   */
  disconnect(code = 1000, reason?: string): Promise<void> {
    if (code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) {
      throw new SocketClientError('invalid_argument', `close code ${code}: use 1000 or 3000-4999`);
    }
    if (reason !== undefined && utf8ByteLength(reason) > MAX_CLOSE_REASON_BYTES) {
      throw new SocketClientError('invalid_argument', `close reason longer than ${MAX_CLOSE_REASON_BYTES} bytes`);
    }
    const connection = this.connection;
    this.stop('disconnect() was called');
    if (!connection) return Promise.resolve();
    const { socket } = connection;
    if (socket.readyState === SOCKET_STATE.CONNECTING || socket.readyState === SOCKET_STATE.OPEN) {
      socket.close(code, reason);
    }
    return connection.closed;
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

  /** `reconnect`: not the first socket since connect(), so it offers the recovery keys (if it has a position). */
  private open(reconnect: boolean): void {
    const { protocols } = this.target!;
    const url = this.recovery.urlFor(this.target!.url, reconnect && this.recoveryEnabled);
    const Impl = (this.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket)!;
    const socket = protocols === undefined ? new Impl(url) : new Impl(url, protocols);
    let markClosed!: () => void;
    const connection: Connection = { socket, closed: new Promise<void>(resolve => (markClosed = resolve)) };
    this.connection = connection;
    this.clientState = 'connecting';
    // Every listener checks that its socket is still the current one: a replaced socket's late events are stale.
    const isCurrent = () => this.connection === connection && this.clientState !== 'closed';
    socket.addEventListener('open', () => {
      if (!isCurrent()) return;
      this.clientState = 'open';
      this.openHandlers.emit();
    });
    socket.addEventListener('message', event => {
      if (isCurrent()) this.handleMessage(event.data);
    });
    socket.addEventListener('error', event => {
      // Errors of a socket we are closing on purpose (e.g. ws aborting a handshake) are not news.
      if (!isCurrent()) return;
      connection.error = errorOf(event);
      this.errorHandlers.emit(connection.error);
    });
    socket.addEventListener('close', event => {
      markClosed();
      // After disconnect() the socket is still current (state closed): its close is reported, once.
      if (this.connection === connection) this.handleClose(event, connection.error);
    });
  }

  private handleMessage(raw: unknown): void {
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
    this.connectionId = id;
    this.clientState = 'ready';
    this.firstAttempt = false;
    this.reconnector.reset();
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

  private handleClose(event: CloseInfo, socketError?: unknown): void {
    const close: CloseInfo = { code: event.code, reason: String(event.reason ?? ''), wasClean: event.wasClean };
    this.connection = undefined;
    this.connectionId = undefined;
    this.pending.failSent();
    const firstAttempt = this.firstAttempt;
    this.firstAttempt = false;
    let willReconnect = false;
    if (this.clientState !== 'closed') {
      const refusedStatus = refusedUpgradeStatus(socketError);
      willReconnect = refusedStatus === undefined && this.wantsReconnect(close);
      if (willReconnect) {
        // Whoever awaits the first connection hears of its failure, onError or not; the retries stay quiet.
        if (firstAttempt) this.readySignal.stop(connectFailedError(this.target!.url, close, socketError));
        this.clientState = 'reconnecting';
        this.readySignal.reset();
      } else if (refusedStatus !== undefined) {
        this.stop(upgradeRefusedError(this.target!.url, refusedStatus, socketError));
      } else {
        this.stop(`the connection closed with ${close.code}${close.reason ? ` (${close.reason})` : ''}`);
      }
    }
    this.closeHandlers.emit(close, willReconnect);
    // A close handler may have called disconnect(): then the state is closed and nothing is scheduled.
    if (this.clientState === 'reconnecting' && !this.reconnector.scheduled) this.scheduleReconnect(close);
  }

  private wantsReconnect(close: CloseInfo): boolean {
    try {
      return this.reconnector.wants(close);
    } catch (error) {
      this.reportError(error);
      return false;
    }
  }

  private scheduleReconnect(close: CloseInfo): void {
    const schedule = this.reconnector.schedule(() => this.reopen(), close);
    // After the timer exists, so that a handler calling disconnect() can cancel it.
    this.reconnectingHandlers.emit(schedule);
  }

  private reopen(): void {
    try {
      this.open(true);
    } catch (error) {
      // The URL worked before; a constructor that throws now counts as one more failed attempt.
      this.reportError(error);
      this.handleClose({ code: 1006, reason: 'the WebSocket constructor threw', wasClean: false });
    }
  }

  /** Stops for good (until the next connect()): nothing queued or pending survives. */
  private stop(reason: string | SocketClientError): void {
    this.clientState = 'closed';
    this.connectionId = undefined;
    this.reconnector.cancel();
    this.pending.failAll();
    this.queue.drain();
    this.readySignal.stop(reason);
  }
}
