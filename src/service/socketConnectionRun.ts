import { type RawData, type WebSocket } from 'ws';
import { type BeanSocket } from '../bean/bean.socket.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';
import { contextStorage } from '../core/context.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ILogger } from '../core/logger.js';
import { type ISocketWebSocket, type SendEventCallback } from '../types/socket.js';
import { type EnterDeadlines, type IEnteringRun } from './enterDeadlines.js';
import { type IConnectionChains, type ServiceOnion } from './onion.js';
import { type ServiceMetrics } from './metrics.js';
import { type ServiceSocketClose } from './socketClose.js';
import { type IConnectionRun, runOfContext, type SocketContext } from './socketContext.js';
import { type ServiceSocketEvent } from './socketEvent.js';
import { type ServiceSocketHistory } from './socketHistory.js';

/** What every run needs from the server; one object shared by all the runs of a server. */
export interface ISocketConnectionRunDeps {
  onion: ServiceOnion;
  registry: BeanSocket;
  socketEvent: ServiceSocketEvent;
  history: ServiceSocketHistory;
  socketClose: ServiceSocketClose;
  metrics: ServiceMetrics;
  logger: ILogger;
  maxPendingPackets: number;
  enterDeadlines: EnterDeadlines;
}

/**
 * Frames addressed to one connection while it enters (its own onions' `sendEvent`, `send(id)` from anywhere)
 * that are held for after sysReady. Server code, not the client, sends these: the bound only keeps a
 * runaway loop from growing memory while a slow verifier runs.
 */
export const MAX_HELD_FRAMES = 256;

/**
 * Where a run is; one field instead of a flag each, since every idle connection holds one. In order:
 * entering (chain running), ready (accepted) or turned away (refused, or left during the chain), closed (the
 * close event came, exit pending), finished (exit chain ran, out of the registry).
 */
const Phase = { entering: 0, ready: 1, turnedAway: 2, closed: 3, finished: 4 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

interface IHeldFrames {
  frames: Array<{ frame: string | Buffer; cb?: SendEventCallback }>;
  dropped: number;
}

// The socket's listeners are shared by every connection: ws calls them with `this` = the socket.
function runOf(ws: WebSocket): SocketConnectionRun {
  return runOfContext((ws as ISocketWebSocket).ctx as SocketContext) as SocketConnectionRun;
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
 * listeners attached at once, `enter` chain, acceptance and `sysReady`, packets (held until ready), `exit`
 * chain on close, also after errors and also when the client leaves during `enter`. One open, one close.
 *
 * Nothing reaches the client before its sysReady: the registry counts it among its namespace's (and rooms')
 * connections, which broadcasts reach, only once it is accepted; frames addressed to it alone while it enters
 * are held and written right after sysReady, or dropped when it is refused.
 *
 * An idle connection holds little: the listeners are shared functions, the AbortSignal, the held-packet
 * and held-frame lists and the `finished` promise are made only when asked for.
 */
export class SocketConnectionRun implements IConnectionRun, IEnteringRun {
  private phase: Phase = Phase.entering;
  private pending: Array<string | Buffer> | undefined = undefined;
  private heldFrames: IHeldFrames | undefined = undefined;
  /** The chains it entered with: it exits through the same onions, whatever a reload changed since. */
  private chains: IConnectionChains | undefined = undefined;
  /** The running enter chain; undefined once it is over. */
  private enterRun: Promise<void> | undefined = undefined;
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
      if (this.phase >= Phase.closed) this.abortController.abort(this.closeReason());
    }
    return this.abortController.signal;
  }

  /** Settles once the exit chain ran and the client left the registry. */
  get finished(): Promise<void> {
    if (this.phase === Phase.finished) return Promise.resolve();
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
    this.enterRun = this.enter();
  }

  /**
   * Its chain ran past `timeout.enter`: closed with 1013, as a server too busy to take it now. The chain goes on
   * (its onions see `ctx.signal` abort once the close completes) and the exit chain runs after it, as for any
   * client that leaves during enter.
   */
  enterTimedOut(timeoutMs: number): void {
    if (this.phase !== Phase.entering) return;
    this.deps.logger.warn(
      `connection ${this.ws.id} on ${this.ws.namespace}: its connection chain did not finish within ` +
        `${timeoutMs} ms (timeout.enter); closing it with 1013`,
    );
    this.close(SocketCloseCode.tryAgainLater, SocketCloseReason.enterTimedOut);
  }

  /**
   * Holds a frame addressed to this connection while it enters; false once the enter chain is over (the
   * caller then writes it, or refuses it for a closed socket). `cb` runs once the held frame is written, or
   * with the error when it is dropped.
   */
  holdFrame(frame: string | Buffer, cb?: SendEventCallback): boolean {
    if (this.phase !== Phase.entering) return false;
    const held = (this.heldFrames ??= { frames: [], dropped: 0 });
    if (held.frames.length < MAX_HELD_FRAMES) {
      held.frames.push({ frame, cb });
      return true;
    }
    if (held.dropped++ === 0) {
      this.deps.logger.warn(
        `connection ${this.ws.id} is still entering with ${MAX_HELD_FRAMES} frames held: dropping more`,
      );
    }
    cb?.(new Error(`connection ${this.ws.id} is entering with ${MAX_HELD_FRAMES} frames held: frame dropped`));
    return true;
  }

  private async enter(): Promise<void> {
    const ws = this.ws;
    let reachedEnd = false;
    let refusal: { error: unknown } | undefined;
    const deadline = this.deps.enterDeadlines.add(this);
    try {
      this.chains = this.deps.onion.connectionChains(ws.namespace);
      const enterChain = this.chains.enter;
      await contextStorage.run(ws.ctx, () =>
        enterChain(ws, ws, () => {
          reachedEnd = true;
        }),
      );
    } catch (error) {
      refusal = { error };
    } finally {
      this.enterRun = undefined;
      this.deps.enterDeadlines.remove(deadline);
    }
    // Closed during the chain: stays closed. Otherwise turned away unless every check below passes.
    if (this.phase === Phase.entering) this.phase = Phase.turnedAway;
    if (refusal !== undefined) {
      this.dropHeldFrames('refused');
      this.refuse(refusal.error);
      return;
    }
    // Closed, or closing (e.g. appClose during enter): it is never accepted.
    if (this.phase >= Phase.closed || ws.readyState !== ws.OPEN) {
      this.dropHeldFrames('closed');
      return;
    }
    if (!reachedEnd) {
      this.dropHeldFrames('refused');
      this.close(SocketCloseCode.internalError, SocketCloseReason.stoppedBeforeReady);
      return;
    }
    // From here to the end of this turn: accepted, (in a history namespace, the replay of a recovery), sysReady,
    // then what waited for it, in that order.
    this.phase = Phase.ready;
    this.deps.registry.accept(ws);
    const socketEvent = this.deps.socketEvent;
    this.deps.history.ready(ws);
    const heldFrames = this.heldFrames;
    this.heldFrames = undefined;
    if (heldFrames !== undefined) for (const { frame, cb } of heldFrames.frames) socketEvent.deliver(ws, frame, cb);
    const held = this.pending;
    this.pending = undefined;
    if (held !== undefined) for (const packet of held) this.dispatch(packet);
  }

  private dropHeldFrames(outcome: 'refused' | 'closed'): void {
    const heldFrames = this.heldFrames;
    this.heldFrames = undefined;
    if (heldFrames === undefined) return;
    const error = new Error(`connection ${this.ws.id} was ${outcome} before sysReady: frame dropped`);
    for (const { cb } of heldFrames.frames) cb?.(error);
  }

  private refuse(error: unknown): void {
    if (error instanceof SocketCloseError) {
      this.deps.logger.debug(`connection ${this.ws.id} refused (${error.closeCode}): ${error.message}`);
      this.close(error.closeCode, error.message, this.deps.metrics.onionOf(error));
      return;
    }
    this.deps.metrics.onionFailed(error);
    this.deps.logger.error(`connection chain failed for ${this.ws.id} on ${this.ws.namespace}`, error);
    this.close(SocketCloseCode.internalError, SocketCloseReason.onionFailed);
  }

  onError(error: Error): void {
    this.deps.logger.debug(`connection ${this.ws.id} error: ${error.message}`);
  }

  onMessage(data: RawData, isBinary: boolean): void {
    this.deps.metrics.framesReceived++;
    const packet = isBinary ? toBuffer(data) : data.toString();
    if (this.phase === Phase.ready) {
      this.dispatch(packet);
      return;
    }
    if (this.phase >= Phase.closed) return;
    const pending = (this.pending ??= []);
    if (pending.length >= this.deps.maxPendingPackets) {
      this.close(SocketCloseCode.policy, SocketCloseReason.tooManyBeforeReady);
      return;
    }
    pending.push(packet);
  }

  private dispatch(packet: string | Buffer): void {
    const ws = this.ws;
    let result: Promise<unknown>;
    try {
      const chain = this.deps.onion.packetChain(ws.namespace);
      result = contextStorage.run(ws.ctx, chain, packet, ws);
    } catch (error) {
      result = Promise.reject(error);
    }
    result.catch(error => {
      this.deps.metrics.onionFailed(error);
      this.deps.logger.error(`packet chain failed for ${ws.id} on ${ws.namespace}`, error);
    });
  }

  onClose(): void {
    if (this.phase >= Phase.closed) return;
    this.phase = Phase.closed;
    this.pending = undefined;
    this.dropHeldFrames('closed');
    this.abortController?.abort(this.closeReason());
    if (this.enterRun !== undefined) void this.enterRun.then(() => this.exit());
    else queueMicrotask(() => void this.exit());
  }

  private closeReason(): Error {
    return new Error(`connection ${this.ws.id} closed`);
  }

  private async exit(): Promise<void> {
    const ws = this.ws;
    // Without chains its enter never started (no chain could be composed): there is nothing to exit.
    const exitChain = this.chains?.exit;
    try {
      if (exitChain !== undefined) await contextStorage.run(ws.ctx, exitChain, ws, ws);
    } catch (error) {
      this.deps.metrics.onionFailed(error);
      this.deps.logger.error(`exit chain failed for ${ws.id} on ${ws.namespace}`, error);
    } finally {
      this.deps.registry.remove(ws);
      this.phase = Phase.finished;
      this.resolveFinished?.();
    }
  }

  private close(code: number, reason: string, source?: string): void {
    this.deps.socketClose.close(this.ws, code, reason, source);
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
