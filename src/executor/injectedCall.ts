import { callAnswer } from './callAnswer.js';
import { abortRequest, finishRequest, InjectedRequest, type IInjectedRequestInit } from './injectedRequest.js';
import { closeResponse, finishResponse, InjectedResponse } from './injectedResponse.js';
import { InjectedSocket } from './injectedSocket.js';

/**
 * One call injected into a request listener: its socket, request and response, and the answer they lead to.
 * The answer settles once: with the response when it ends (`callAnswer`), or with a failure when the call is
 * given up (`abandon`: its timeout, its connection closing) or a handler destroys the request or the response
 * before answering. Whatever happens after that (late writes, a second `end`) changes nothing.
 */
export class InjectedCall {
  readonly socket: InjectedSocket;
  readonly request: InjectedRequest;
  readonly response: InjectedResponse;
  readonly answer: Promise<unknown>;
  private settled = false;
  private resolveAnswer: (value: unknown) => void = noop;
  private rejectAnswer: (error: unknown) => void = noop;
  /** A per-call signal a direct caller passed: watched until the call settles. */
  private watched: AbortSignal | undefined = undefined;
  private onAbort: (() => void) | undefined = undefined;

  constructor(init: IInjectedRequestInit) {
    this.socket = new InjectedSocket(init.ctx.request.remoteAddress, this);
    this.request = new InjectedRequest(init, this.socket, this);
    this.response = new InjectedResponse(this.request, this.socket, this);
    this.answer = new Promise((resolve, reject) => {
      this.resolveAnswer = resolve;
      this.rejectAnswer = reject;
    });
  }

  /** Gives the call up when `signal` aborts (for callers that pass a signal of their own per call). */
  watch(signal: AbortSignal): void {
    this.watched = signal;
    this.onAbort = () => this.abandon();
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  responseEnded(): void {
    // A Node response finishes once its bytes are out, never inside `end()`.
    process.nextTick(completeCall, this);
  }

  /**
   * The response ended: the answer first (a throwing `finish` listener must not cost the caller its answer),
   * then `finish` and `close` of the response and the request.
   */
  complete(): void {
    if (!this.settle()) return;
    try {
      this.resolveAnswer(callAnswer(this.response));
    } catch (error) {
      this.rejectAnswer(error);
    }
    finishResponse(this.response);
    finishRequest(this.request);
  }

  requestDestroyed(error: Error | undefined): void {
    if (this.settled) {
      abortRequest(this.request, error);
      return;
    }
    this.fail(
      new Error(`${this.describe()}: the handler destroyed the request before answering`, { cause: error }),
      error,
    );
  }

  responseDestroyed(error: Error | undefined): void {
    if (this.settled) return;
    this.fail(
      new Error(`${this.describe()}: the handler destroyed the response before ending it`, { cause: error }),
      error,
    );
  }

  /** The listener threw before answering. */
  listenerThrew(error: unknown): void {
    if (this.settled) return;
    this.fail(error, undefined);
  }

  /** The server gave the call up: what a client disconnecting does to a Node request and response. */
  abandon(): void {
    if (this.settled) return;
    this.fail(new Error(`${this.describe()} was given up: the call timed out or its connection closed`), undefined);
  }

  /** Ends the call without an answer: the request aborts, the response and the socket close. */
  private fail(error: unknown, requestError: Error | undefined): void {
    this.settle();
    this.rejectAnswer(error);
    abortRequest(this.request, requestError);
    closeResponse(this.response);
    this.socket.close();
  }

  /** Marks the call settled (false when it already was) and stops watching its signal. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.onAbort !== undefined) this.watched?.removeEventListener('abort', this.onAbort);
    return true;
  }

  private describe(): string {
    return `${this.request.method} ${this.request.url}`;
  }
}

function noop(): void {}

function completeCall(call: InjectedCall): void {
  call.complete();
}
