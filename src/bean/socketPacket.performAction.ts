import { inject } from 'inversify';
import { BeanBase } from '../core/beanBase.js';
import { DeadlineList, type IDeadlineEntry } from '../core/deadlineList.js';
import { SocketPacket } from '../lib/socketDecorators.js';
import { validatePerformActionPayload } from '../protocol/performActionPayload.js';
import { SocketActionError } from '../lib/socketActionError.js';
import { ServiceMetrics } from '../service/metrics.js';
import { ServiceSocketEvent } from '../service/socketEvent.js';
import { type ISocketConfig } from '../types/config.js';
import { type IActionExecutor, type IPerformActionRequest } from '../types/plugins.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type IPerformActionBackPayload } from '../types/socketEvent.js';
import {
  type ISocketPacketExecute,
  type ISocketPacketOptions,
  type SocketPacketData,
  type SocketPacketNext,
} from '../types/socketPacket.js';

export type ISocketPacketOptionsPerformAction = ISocketPacketOptions;

/** The calls one connection has running. */
interface IConnectionCalls {
  inFlight: number;
  /** Head of the running calls (linked through `runningNext`): given up when the connection closes. */
  running: PendingCall | undefined;
}

/** One call between its start and its answer (the result, a failure, or 504 at its deadline). */
class PendingCall implements IDeadlineEntry<PendingCall> {
  deadline = 0;
  prev: PendingCall | undefined = undefined;
  next: PendingCall | undefined = undefined;
  settled = false;
  controller: AbortController | undefined = undefined;
  /** What the executor returned, for its `abandon` when the call is given up. */
  pending: PromiseLike<unknown> | undefined = undefined;
  runningPrev: PendingCall | undefined = undefined;
  runningNext: PendingCall | undefined = undefined;
  /** Settles the promise the packet chain awaits. */
  finish: () => void = noop;
  readonly startedAt = performance.now();

  constructor(
    readonly ws: ISocketWebSocket,
    readonly calls: IConnectionCalls,
    readonly id: number | string,
    readonly request: IPerformActionRequest,
    readonly executor: IActionExecutor,
  ) {}
}

function noop(): void {}

// An intrusive list rather than a Set: linking costs nothing, and no Set churns per call.
function linkRunning(call: PendingCall): void {
  const calls = call.calls;
  call.runningNext = calls.running;
  if (calls.running !== undefined) calls.running.runningPrev = call;
  calls.running = call;
}

function unlinkRunning(call: PendingCall): void {
  const { runningPrev: prev, runningNext: next, calls } = call;
  if (prev === undefined) {
    if (calls.running === call) calls.running = next;
  } else {
    prev.runningNext = next;
  }
  if (next !== undefined) next.runningPrev = prev;
  call.runningPrev = call.runningNext = undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Answers `sysPerformAction` through the app's action executor: `c: 0` with the result, or `c` = the HTTP
 * status of the failure — 400 malformed payload, 429 over `performAction.maxInFlight`, 504 over
 * `performAction.timeout`, 501 without an executor, 500 for an unexpected error. Other packets pass on.
 *
 * Per call it keeps to what it must: deadlines sit in one ordered list served by one timer (not a timer,
 * a timeout promise and a `Promise.race` per call); an executor that declares `perCallSignal: false` gets
 * the connection's signal and no AbortController is made per call. When the connection closes, one
 * listener per connection gives up its running calls at once (their signals abort, nothing is answered,
 * nothing is logged as an error), so an executor that ignores its signal holds no connection until the timeout.
 * A call given up (its timeout, its connection closing) is also handed to the executor's `abandon`, if it has
 * one: how an executor without a signal per call learns it may stop.
 */
@SocketPacket<ISocketPacketOptionsPerformAction>({ dependencies: 'a-socket:event' })
export class SocketPacketPerformAction extends BeanBase<ISocketConfig> implements ISocketPacketExecute {
  private readonly connections = new WeakMap<ISocketWebSocket, IConnectionCalls>();
  private readonly deadlines = new DeadlineList<PendingCall>(call => this.timeOut(call));

  constructor(
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
    @inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {
    super();
  }

  execute(data: unknown, ws: ISocketWebSocket, _options: ISocketPacketOptionsPerformAction, next: SocketPacketNext) {
    const packet = data as SocketPacketData;
    if (packet[0] !== 'sysPerformAction') return next();
    return this.perform(ws, packet[1]);
  }

  private perform(ws: ISocketWebSocket, payload: unknown): Promise<void> | undefined {
    const validation = validatePerformActionPayload(payload);
    if (!validation.ok) {
      this.reply(ws, { i: validation.id, c: 400, m: validation.message });
      return undefined;
    }
    const { id, request } = validation;
    const config = this.scope.config.performAction;
    const signal = ws.ctx.signal;
    if (signal.aborted) return undefined; // the connection closed while this packet waited: nobody to answer
    let calls = this.connections.get(ws);
    if (calls === undefined) {
      const created: IConnectionCalls = { inFlight: 0, running: undefined };
      signal.addEventListener('abort', () => this.abandonAll(created, signal.reason), { once: true });
      this.connections.set(ws, created);
      calls = created;
    }
    if (calls.inFlight >= config.maxInFlight) {
      this.reply(ws, { i: id, c: 429, m: `too many calls in flight (max ${config.maxInFlight})` });
      return undefined;
    }
    const executor = this.app.plugins.executor;
    if (!executor) {
      this.reply(ws, { i: id, c: 501, m: 'no action executor is configured on this server' });
      return undefined;
    }
    calls.inFlight++;
    const call = new PendingCall(ws, calls, id, request, executor);
    linkRunning(call);
    let result: unknown;
    try {
      result = executor.execute(request, ws.ctx, this.signalFor(call, executor));
    } catch (error) {
      this.fail(call, error);
      return undefined;
    }
    if (!isThenable(result)) {
      this.succeed(call, result);
      return undefined;
    }
    this.deadlines.add(call, config.timeout);
    call.pending = result;
    const done = new Promise<void>(resolve => (call.finish = resolve));
    result.then(
      value => this.succeed(call, value),
      (error: unknown) => this.fail(call, error),
    );
    return done;
  }

  /** The call's own signal (aborted at its deadline, on failure or when the connection closes), or the connection's. */
  private signalFor(call: PendingCall, executor: IActionExecutor): AbortSignal {
    if (executor.perCallSignal === false) return call.ws.ctx.signal;
    call.controller = new AbortController();
    return call.controller.signal;
  }

  /** The connection closed: its running calls are given up, their signals abort with the close reason. */
  private abandonAll(calls: IConnectionCalls, reason: unknown): void {
    for (let call = calls.running; call !== undefined;) {
      const next = call.runningNext;
      if (this.settle(call)) {
        this.logger.debug(
          `performAction ${call.request.method} ${call.request.path} of ${call.ws.id} abandoned: the connection closed`,
        );
        call.controller?.abort(reason);
        this.abandon(call);
        call.finish();
      }
      call = next;
    }
  }

  private succeed(call: PendingCall, value: unknown): void {
    if (!this.settle(call)) return;
    this.reply(call.ws, { i: call.id, c: 0, d: value ?? null }, call.startedAt);
    call.finish();
  }

  private fail(call: PendingCall, error: unknown): void {
    if (!this.settle(call)) return;
    this.reply(call.ws, this.failure(call.id, call.request.method, call.request.path, error), call.startedAt);
    call.controller?.abort();
    call.finish();
  }

  private timeOut(call: PendingCall): void {
    if (!this.settle(call)) return;
    const timeout = this.scope.config.performAction.timeout;
    const { method, path } = call.request;
    this.reply(
      call.ws,
      { i: call.id, c: 504, m: `${method} ${path} did not answer within ${timeout} ms` },
      call.startedAt,
    );
    call.controller?.abort();
    this.abandon(call);
    call.finish();
  }

  /** Tells the executor that the server gave up a call it still runs (its `abandon`, when it has one). */
  private abandon(call: PendingCall): void {
    if (call.pending === undefined || call.executor.abandon === undefined) return;
    try {
      call.executor.abandon(call.pending);
    } catch (error) {
      this.logger.error(
        `performAction ${call.request.method} ${call.request.path}: the executor's abandon threw`,
        error,
      );
    }
  }

  /** Marks the call answered (false when it already was): off the deadline list, out of the in-flight count. */
  private settle(call: PendingCall): boolean {
    if (call.settled) return false;
    call.settled = true;
    this.deadlines.remove(call);
    call.calls.inFlight--;
    unlinkRunning(call);
    return true;
  }

  private failure(id: number | string, method: string, path: string, error: unknown): IPerformActionBackPayload {
    if (error instanceof SocketActionError) return { i: id, c: error.status, m: error.message };
    this.logger.error(`performAction ${method} ${path} failed`, error);
    return { i: id, c: 500, m: 'internal server error' };
  }

  /** Sends the answer and records it in the metrics; `startedAt` is absent for calls refused before running. */
  private reply(ws: ISocketWebSocket, back: IPerformActionBackPayload, startedAt?: number): void {
    this.socketEvent.sendSystem(ws, 'sysPerformActionBack', back);
    this.metrics.rpcAnswered(back.c, startedAt === undefined ? 0 : (performance.now() - startedAt) / 1000);
  }
}
