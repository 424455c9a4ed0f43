import { MAX_CLOSE_REASON_BYTES, utf8ByteLength } from '../protocol/closeFrame.js';
import type { ISocketEventRecord } from '../types/socketEvent.js';
import type { ClientState, WebSocketClientOptions } from './clientOptions.js';
import { ClientSubscriptions } from './clientSubscriptions.js';
import { connectFailedError, refusedUpgradeStatus, upgradeRefusedError } from './connectFailure.js';
import { ReadySignal } from './readySignal.js';
import { DEFAULT_RECONNECT_OPTIONS, type CloseInfo } from './reconnectPolicy.js';
import { Reconnector } from './reconnector.js';
import { SocketClientError } from './socketClientError.js';
import { SOCKET_STATE, type WebSocketConstructor, type WebSocketLike } from './webSocketLike.js';

/** One socket, the promise of its close event (which `disconnect()` returns) and the last error it reported. */
interface Connection {
  socket: WebSocketLike;
  closed: Promise<void>;
  error?: unknown;
}

/** `ws` puts the Error on its ErrorEvent; the browser's error Event carries nothing more than itself. */
function errorOf(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  const { error } = event as { error?: unknown };
  return error !== undefined ? error : event;
}

/**
 * The connection half of the client: one logical connection that survives drops. It opens the socket, follows its
 * lifecycle (connecting, open, ready, reconnecting, closed), decides after each close whether to reconnect and
 * schedules it with the Reconnector, and stops for good on `disconnect()` or a close that does not reconnect.
 * It is apart from WebSocketClient so that what flows over the socket (frames, RPC calls, recovery) does not
 * have to be read through the socket's lifecycle; the subclass says what a frame means and when the connection
 * is ready (`markReady`), and hears of drops and stops through the hooks below.
 */
export abstract class ClientConnection<Events extends object = ISocketEventRecord> extends ClientSubscriptions<Events> {
  private readonly WebSocketImpl: WebSocketConstructor | undefined;
  private readonly reconnector: Reconnector;
  protected readonly readySignal = new ReadySignal();

  protected connection: Connection | undefined;
  protected clientState: ClientState = 'idle';
  private target: { url: string; protocols?: string | string[] } | undefined;
  private connectionId: string | undefined;
  /** From connect() until its first attempt ends: that attempt's failure rejects `ready` even if retries follow. */
  private firstAttempt = false;

  constructor(options: WebSocketClientOptions) {
    super();
    this.WebSocketImpl = options.WebSocket;
    this.reconnector = new Reconnector(
      { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect },
      options.random ?? Math.random,
    );
  }

  /** The URL a new socket connects to: `url` as given, or with what that socket offers (`reconnect`: not the first). */
  protected abstract socketUrl(url: string, reconnect: boolean): string;
  /** A message of the current socket. */
  protected abstract handleMessage(raw: unknown): void;
  /** `connect()` starts a new logical connection: forget what belonged to the previous one. */
  protected abstract onConnect(): void;
  /** The current socket closed (a reconnect may follow): what was sent on it will not be answered. */
  protected abstract onConnectionLost(): void;
  /** The client stopped for good (until the next connect()): nothing queued or pending may survive. */
  protected abstract onStop(): void;

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
    this.onConnect();
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

  /** The current connection reached sysReady with this id: the next drop starts the backoff from its first delay. */
  protected markReady(id: string): void {
    this.connectionId = id;
    this.clientState = 'ready';
    this.firstAttempt = false;
    this.reconnector.reset();
  }

  /** `reconnect`: not the first socket since connect(), so it offers the recovery keys (if it has a position). */
  private open(reconnect: boolean): void {
    const { protocols } = this.target!;
    const url = this.socketUrl(this.target!.url, reconnect);
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

  private handleClose(event: CloseInfo, socketError?: unknown): void {
    const close: CloseInfo = { code: event.code, reason: String(event.reason ?? ''), wasClean: event.wasClean };
    this.connection = undefined;
    this.connectionId = undefined;
    this.onConnectionLost();
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
    this.onStop();
    this.readySignal.stop(reason);
  }
}
