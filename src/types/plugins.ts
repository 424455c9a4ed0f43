import { type ISocketContext, type ISocketInstance, type ISocketUser } from './socket.js';
import { type IPerformActionRequest } from '../protocol/performActionPayload.js';

export type { IPerformActionRequest } from '../protocol/performActionPayload.js';

/** Turns a passport code into a user; return undefined (or throw) for an invalid code: the connection closes with 1008. */
export interface IPassportVerifier {
  verify(code: string, ctx: ISocketContext): Promise<ISocketUser | undefined> | ISocketUser | undefined;
}

/** Resolves the instance named by the query (undefined when absent); return undefined for an unknown one: close 1008. */
export interface IInstanceResolver {
  resolve(
    name: string | undefined,
    ctx: ISocketContext,
  ): Promise<ISocketInstance | undefined> | ISocketInstance | undefined;
}

/**
 * Runs an action for a socket. Resolve with the result (`d`), or throw `SocketActionError` with the
 * HTTP status of the failure; other errors answer 500. `signal` aborts when the call times out or the connection closes.
 */
export interface IActionExecutor {
  execute(request: IPerformActionRequest, ctx: ISocketContext, signal: AbortSignal): Promise<unknown>;
  /**
   * `false` when `execute` never uses `signal` beyond the connection's own: each call then gets `ctx.signal`
   * (aborted when the connection closes, not at the call's timeout) and no AbortController is made per
   * call, which costs about 2 µs and 0.7 KB on Node 20. The call still answers 504 at its timeout.
   * Default: a signal per call.
   */
  readonly perCallSignal?: boolean;
  /**
   * Told when the server gives up a call that `execute` started and has not settled: its timeout passed (the
   * caller got 504) or its connection closed. `pending` is what `execute` returned. An executor with
   * `perCallSignal: false` stops the call's work here, without paying for a signal per call. Called with or
   * without a per-call signal; must not throw.
   */
  abandon?(pending: PromiseLike<unknown>): void;
}

export type { ILogger, LogLevel } from '../core/logger.js';

export type {
  IHistoryStore,
  IHistoryListener,
  IHistoryLimits,
  IHistoryEntry,
  IHistoryEvent,
  IHistoryPosition,
  IHistoryEpochChange,
  IHistoryReaderGap,
  HistoryRange,
  HistoryGapReason,
} from '../bus/history/history.js';
export type { ISessionStore, ISessionRecord } from '../bus/history/sessionStore.js';
