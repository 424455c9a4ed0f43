import { type RawData } from 'ws';
import { type BeanSocket } from '../bean/bean.socket.js';
import { socketContextStorage } from '../lib/context.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../types/closeCodes.js';
import { type ILogger } from '../types/plugins.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ServiceOnion } from './onion.js';
import { type ServiceSocketEvent } from './socketEvent.js';

export interface ISocketConnectionRunDeps {
  onion: ServiceOnion;
  registry: BeanSocket;
  socketEvent: ServiceSocketEvent;
  logger: ILogger;
  maxPendingPackets: number;
}

/**
 * The life of one connection, from the moment the socket arrives to its removal from the registry:
 * listeners attached at once, `enter` chain, `sysReady`, packets (held until ready), `exit` chain on
 * close, also after errors and also when the client leaves during `enter`. One open, one close.
 */
export class SocketConnectionRun {
  private ready = false;
  private closed = false;
  private pending: Array<string | Buffer> = [];
  private entering: Promise<void> = Promise.resolve();
  private readonly abortController = new AbortController();
  /** Settles once the exit chain ran and the client left the registry. */
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    private readonly ws: ISocketWebSocket,
    private readonly deps: ISocketConnectionRunDeps,
  ) {
    this.finished = new Promise(resolve => (this.resolveFinished = resolve));
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  start(): void {
    const ws = this.ws;
    // Attached before anything async: an 'error' without a listener would kill the process.
    ws.on('error', error => this.deps.logger.debug(`connection ${ws.id} error: ${error.message}`));
    ws.on('close', () => this.onClose());
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
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
    }
    if (this.closed) return;
    if (!reachedEnd) {
      this.closeIfOpen(SocketCloseCode.internalError, 'connection chain stopped before ready');
      return;
    }
    this.ready = true;
    this.deps.socketEvent.deliver(ws, this.deps.socketEvent.encodeFrame('sysReady', { id: ws.id }));
    const held = this.pending;
    this.pending = [];
    for (const packet of held) this.dispatch(packet);
  }

  private refuse(error: unknown): void {
    if (error instanceof SocketCloseError) {
      this.deps.logger.debug(`connection ${this.ws.id} refused (${error.closeCode}): ${error.message}`);
      this.closeIfOpen(error.closeCode, error.message);
      return;
    }
    this.deps.logger.error(`connection chain failed for ${this.ws.id} on ${this.ws.namespace}`, error);
    this.closeIfOpen(SocketCloseCode.internalError, 'connection onion failed');
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const packet = isBinary ? toBuffer(data) : data.toString();
    if (this.ready) {
      this.dispatch(packet);
      return;
    }
    if (this.closed) return;
    if (this.pending.length >= this.deps.maxPendingPackets) {
      this.closeIfOpen(SocketCloseCode.policy, 'too many messages before ready');
      return;
    }
    this.pending.push(packet);
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
    result.catch(error => this.deps.logger.error(`packet chain failed for ${ws.id} on ${ws.namespace}`, error));
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.ready = false;
    this.pending = [];
    this.abortController.abort(new Error(`connection ${this.ws.id} closed`));
    void this.entering.then(() => this.exit());
  }

  private async exit(): Promise<void> {
    const ws = this.ws;
    try {
      const chain = this.deps.onion.connectionChain('exit', ws.namespace);
      await socketContextStorage.run(ws.ctx, () => chain(ws, ws));
    } catch (error) {
      this.deps.logger.error(`exit chain failed for ${ws.id} on ${ws.namespace}`, error);
    } finally {
      this.deps.registry.remove(ws);
      this.resolveFinished();
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
