import { type RawData, type WebSocket } from 'ws';
import { type BeanSocket } from '../bean/bean.socket.js';
import { socketContextStorage } from '../lib/context.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../types/closeCodes.js';
import { type ILogger } from '../types/plugins.js';
import {
  type ISocketContext,
  type ISocketInstance,
  type ISocketRequest,
  type ISocketUser,
  type ISocketWebSocket,
} from '../types/socket.js';
import { type ServiceOnion } from './onion.js';
import { type ServiceMetrics } from './metrics.js';
import { type ServiceSocketEvent } from './socketEvent.js';

/** What every run needs from the server; one object shared by all the runs of a server. */
export interface ISocketConnectionRunDeps {
  onion: ServiceOnion;
  registry: BeanSocket;
  socketEvent: ServiceSocketEvent;
  metrics: ServiceMetrics;
  logger: ILogger;
  maxPendingPackets: number;
}

const kRun = Symbol('a-socket:run');

/**
 * `ctx` of a connection. `signal` is made on first use: an AbortSignal costs ~0.7 KB and ~2 µs on Node 20,
 * and most connections never need one; one asked for after the close comes already aborted. `state` is
 * made on first use too: every idle connection pays for what it holds.
 */
export class SocketContext implements ISocketContext {
  user?: ISocketUser = undefined;
  instance?: ISocketInstance = undefined;
  private stateObject: Record<string, unknown> | undefined = undefined;
  readonly [kRun]: SocketConnectionRun;

  constructor(
    run: SocketConnectionRun,
    public id: string,
    public namespace: string,
    public request: ISocketRequest,
    public query: Record<string, string>,
    public passportCode: string | undefined,
    public instanceName: string | undefined,
    public locale: string | undefined,
    public tz: string | undefined,
    public ws: ISocketWebSocket,
  ) {
    this[kRun] = run;
  }

  get signal(): AbortSignal {
    return this[kRun].signal;
  }

  get state(): Record<string, unknown> {
    return (this.stateObject ??= {});
  }

  set state(value: Record<string, unknown>) {
    this.stateObject = value;
  }
}

/** The run of a socket that a-socket accepted, or undefined for any other. */
export function connectionRunOf(ws: WebSocket): SocketConnectionRun | undefined {
  const ctx = (ws as Partial<ISocketWebSocket>).ctx;
  return ctx instanceof SocketContext ? ctx[kRun] : undefined;
}

// The socket's listeners are shared by every connection: ws calls them with `this` = the socket.
function runOf(ws: WebSocket): SocketConnectionRun {
  return ((ws as ISocketWebSocket).ctx as SocketContext)[kRun];
}
function onSocketError(this: WebSocket, error: Error): void {
  runOf(this).onError(error);
}
function onSocketClose(this: WebSocket): void {
  runOf(this).onClose();
}
function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  runOf(this).onMessage(data, isBinary);
}

/**
 * The life of one connection, from the moment the socket arrives to its removal from the registry:
 * listeners attached at once, `enter` chain, `sysReady`, packets (held until ready), `exit` chain on
 * close, also after errors and also when the client leaves during `enter`. One open, one close.
 *
 * An idle connection holds little: the listeners are shared functions, the AbortSignal, the held-packet
 * list and the `finished` promise are made only when asked for.
 */
export class SocketConnectionRun {
  private ready = false;
  private closed = false;
  private isFinished = false;
  private pending: Array<string | Buffer> | undefined = undefined;
  /** The running enter chain; undefined once it is over. */
  private entering: Promise<void> | undefined = undefined;
  private abortController: AbortController | undefined = undefined;
  private finishedPromise: Promise<void> | undefined = undefined;
  private resolveFinished: (() => void) | undefined = undefined;

  constructor(
    private readonly ws: ISocketWebSocket,
    private readonly deps: ISocketConnectionRunDeps,
  ) {}

  /** Aborted when the connection closes. */
  get signal(): AbortSignal {
    if (this.abortController === undefined) {
      this.abortController = new AbortController();
      if (this.closed) this.abortController.abort(this.closeReason());
    }
    return this.abortController.signal;
  }

  /** Settles once the exit chain ran and the client left the registry. */
  get finished(): Promise<void> {
    if (this.isFinished) return Promise.resolve();
    this.finishedPromise ??= new Promise(resolve => (this.resolveFinished = resolve));
    return this.finishedPromise;
  }

  start(): void {
    const ws = this.ws;
    // Attached before anything async: an 'error' without a listener would kill the process.
    ws.on('error', onSocketError);
    ws.on('close', onSocketClose);
    ws.on('message', onSocketMessage);
    this.deps.registry.add(ws);
    this.entering = this.enter();
  }

  private async enter(): Promise<void> {
    const ws = this.ws;
    let reachedEnd = false;
    try {
      const chain = this.deps.onion.connectionChain('enter', ws.namespace);
      await socketContextStorage.run(ws.ctx, () =>
        chain(ws, ws, () => {
          reachedEnd = true;
        }),
      );
    } catch (error) {
      this.refuse(error);
      return;
    } finally {
      this.entering = undefined;
    }
    if (this.closed) return;
    if (!reachedEnd) {
      this.closeIfOpen(SocketCloseCode.internalError, 'connection chain stopped before ready');
      return;
    }
    this.ready = true;
    this.deps.socketEvent.deliver(ws, this.deps.socketEvent.encodeFrame('sysReady', { id: ws.id }));
    const held = this.pending;
    this.pending = undefined;
    if (held !== undefined) for (const packet of held) this.dispatch(packet);
  }

  private refuse(error: unknown): void {
    if (error instanceof SocketCloseError) {
      this.deps.logger.debug(`connection ${this.ws.id} refused (${error.closeCode}): ${error.message}`);
      this.closeIfOpen(error.closeCode, error.message);
      return;
    }
    this.deps.metrics.onionFailed(error);
    this.deps.logger.error(`connection chain failed for ${this.ws.id} on ${this.ws.namespace}`, error);
    this.closeIfOpen(SocketCloseCode.internalError, 'connection onion failed');
  }

  onError(error: Error): void {
    this.deps.logger.debug(`connection ${this.ws.id} error: ${error.message}`);
  }

  onMessage(data: RawData, isBinary: boolean): void {
    this.deps.metrics.framesReceived++;
    const packet = isBinary ? toBuffer(data) : data.toString();
    if (this.ready) {
      this.dispatch(packet);
      return;
    }
    if (this.closed) return;
    const pending = (this.pending ??= []);
    if (pending.length >= this.deps.maxPendingPackets) {
      this.closeIfOpen(SocketCloseCode.policy, 'too many messages before ready');
      return;
    }
    pending.push(packet);
  }

  private dispatch(packet: string | Buffer): void {
    const ws = this.ws;
    let result: Promise<unknown>;
    try {
      const chain = this.deps.onion.packetChain(ws.namespace);
      result = socketContextStorage.run(ws.ctx, chain, packet, ws);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.catch(error => {
      this.deps.metrics.onionFailed(error);
      this.deps.logger.error(`packet chain failed for ${ws.id} on ${ws.namespace}`, error);
    });
  }

  onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.ready = false;
    this.pending = undefined;
    this.abortController?.abort(this.closeReason());
    if (this.entering !== undefined) void this.entering.then(() => this.exit());
    else queueMicrotask(() => void this.exit());
  }

  private closeReason(): Error {
    return new Error(`connection ${this.ws.id} closed`);
  }

  private async exit(): Promise<void> {
    const ws = this.ws;
    try {
      const chain = this.deps.onion.connectionChain('exit', ws.namespace);
      await socketContextStorage.run(ws.ctx, chain, ws, ws);
    } catch (error) {
      this.deps.metrics.onionFailed(error);
      this.deps.logger.error(`exit chain failed for ${ws.id} on ${ws.namespace}`, error);
    } finally {
      this.deps.registry.remove(ws);
      this.isFinished = true;
      this.resolveFinished?.();
    }
  }

  private closeIfOpen(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
