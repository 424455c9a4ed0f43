import type { IPerformActionBackPayload, PerformActionMethod } from '../types/socketEvent.js';
import { ActionError, type ActionClientErrorCode } from './actionError.js';

/** setTimeout fires at once for delays beyond a signed 32-bit int; such timeouts mean "no timeout" here. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

export interface PendingActionStart {
  id: number;
  method: PerformActionMethod;
  path: string;
  timeout: number;
  signal?: AbortSignal;
  /** Whether the frame went out already (false: it waits in the outbound queue). */
  sent: boolean;
  resolve(data: unknown): void;
  reject(error: ActionError): void;
}

interface PendingAction extends PendingActionStart {
  timer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * The RPC calls waiting for their `_c`, keyed by request id. Each call settles exactly once; settling clears its
 * timer and its abort listener, so a finished call leaves nothing behind.
 */
export class PendingActions {
  private readonly calls = new Map<number, PendingAction>();

  /** @param withdraw called when a call gives up before it was sent, to take its frame out of the queue */
  constructor(private readonly withdraw: (id: number) => void) {}

  get size(): number {
    return this.calls.size;
  }

  add(start: PendingActionStart): void {
    const call: PendingAction = { ...start, timer: undefined, onAbort: undefined };
    if (Number.isFinite(start.timeout) && start.timeout > 0 && start.timeout <= MAX_TIMER_DELAY) {
      call.timer = setTimeout(() => this.fail(call, 'timeout', `no answer within ${start.timeout} ms`), start.timeout);
    }
    if (start.signal) {
      call.onAbort = () => this.fail(call, 'aborted', 'aborted by its signal');
      start.signal.addEventListener('abort', call.onAbort, { once: true });
    }
    this.calls.set(start.id, call);
  }

  /** The queued frame of this call went out. */
  markSent(id: number): void {
    const call = this.calls.get(id);
    if (call) call.sent = true;
  }

  /** Settles the call an answer belongs to. Answers to calls that already gave up (or never existed) are ignored. */
  answer(payload: IPerformActionBackPayload): void {
    const id = typeof payload.i === 'number' ? payload.i : Number(payload.i);
    const call = this.calls.get(id);
    if (!call) return;
    this.finish(call);
    if (payload.c === 0) {
      call.resolve((payload as { d?: unknown }).d);
    } else if (typeof payload.c === 'number') {
      const message = (payload as { m?: unknown }).m;
      call.reject(new ActionError(payload.c, typeof message === 'string' ? message : 'server error', call));
    } else {
      call.reject(new ActionError('bad_response', 'the answer carries no numeric code', call));
    }
  }

  /** The connection closed: calls on the wire can no longer be answered; queued ones wait for the next connection. */
  failSent(): void {
    for (const call of [...this.calls.values()]) {
      if (call.sent) this.fail(call, 'closed', 'the connection closed before the answer came');
    }
  }

  /** The client stopped: every call fails, sent ones as `closed`, never-sent ones as `not_connected`. */
  failAll(): void {
    for (const call of [...this.calls.values()]) {
      if (call.sent) this.fail(call, 'closed', 'the connection closed before the answer came');
      else this.fail(call, 'not_connected', 'the client stopped before the call could be sent');
    }
  }

  private fail(call: PendingAction, code: ActionClientErrorCode, message: string): void {
    if (this.calls.get(call.id) !== call) return;
    this.finish(call);
    if (!call.sent) this.withdraw(call.id);
    call.reject(new ActionError(code, message, call));
  }

  private finish(call: PendingAction): void {
    this.calls.delete(call.id);
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.onAbort) call.signal?.removeEventListener('abort', call.onAbort);
  }
}
