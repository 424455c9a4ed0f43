import { IncomingMessage } from 'node:http';
import { type ISocketContext } from '../types/socket.js';
import {
  endBody,
  isPaused,
  iterate,
  on,
  pause,
  pipe,
  read,
  removeAllListeners,
  removeListener,
  resume,
  setEncoding,
  state,
  unpipe,
  type IStreamListeners,
} from './injectedRequestBody.js';
import { type InjectedSocket } from './injectedSocket.js';
import { LazyEmitter } from './lazyEmitter.js';

/** Where an injected request keeps its socket's context; only this folder knows the key, so no client can forge it. */
export const kSocketContext = Symbol('a-socket.socketContext');

/** What a request tells the call it belongs to. */
export interface IRequestOwner {
  /** A reader destroyed the request before the response ended: the call cannot be answered. */
  requestDestroyed(error: Error | undefined): void;
}

export interface IInjectedRequestInit {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The whole body, ready: its text (made a Buffer only when read as bytes), or null for none. */
  body: string | null;
  /** The body's length in bytes (its `content-length`). */
  bodyLength: number;
  ctx: ISocketContext;
}

/**
 * The request of an injected call, made for what frameworks read of Node's `IncomingMessage`: method, url,
 * headers (`rawHeaders` too), `socket`, and a readable stream of a body that is already complete — `data` and
 * `end` (flowing as soon as a `data` listener or `resume()` asks), `readable` and `read()`, `pause()`,
 * `setEncoding()`, `pipe()`, async iteration, `destroy()`. It is not a Node `Readable`: a stream's machinery
 * (its state object, buffering and several ticks per body) costs more than the rest of a call, and a body that
 * is one ready chunk needs none of it.
 *
 * Its prototype chain is `IncomingMessage`'s (so `instanceof` holds), but everything it does sits on the
 * object itself, data and methods alike: Express replaces the prototype of each request it handles with its
 * own (which leads to `IncomingMessage.prototype`), and what lives on the object survives that. Fields are
 * class fields (defined, not assigned): the getters `IncomingMessage` and `Readable` have for them would
 * otherwise swallow the values.
 */
export class InjectedRequest extends LazyEmitter {
  readonly method: string;
  url: string;
  readonly headers: Record<string, string>;
  readonly rawHeaders: string[] = [];
  readonly trailers: Record<string, string> = {};
  readonly rawTrailers: string[] = [];
  readonly httpVersion = '1.1';
  readonly httpVersionMajor = 1;
  readonly httpVersionMinor = 1;
  readonly upgrade = false;
  readonly statusCode = null;
  readonly statusMessage = null;
  readonly socket: InjectedSocket;
  readonly connection: InjectedSocket;
  /** The whole message is here: it arrived with the call. */
  complete = true;
  aborted = false;
  readable = true;
  readableEnded = false;
  readableFlowing: boolean | null = null;
  readableDidRead = false;
  readableAborted = false;
  readableEncoding: BufferEncoding | null = null;
  readableHighWaterMark = 16384;
  readableLength: number;
  readableObjectMode = false;
  destroyed = false;
  closed = false;
  errored: Error | null = null;
  readonly [kSocketContext]: ISocketContext;
  /** The body not read yet. */
  private body: string | Buffer | null;
  /** A turn of `flow` is queued. */
  private scheduled = false;
  /** `readable` listeners read with `read()`: no `data` flow then, as in Node. */
  private readableListening = false;
  /** `read()` found the body gone: `end` follows on the next turn, as in Node. */
  private endRequested = false;
  /** The call it belongs to, told when a reader destroys the request (as the response's `owner`). */
  readonly owner: IRequestOwner;
  declare resume: typeof resume;
  declare pause: typeof pause;
  declare isPaused: typeof isPaused;
  declare read: typeof read;
  declare setEncoding: typeof setEncoding;
  declare pipe: typeof pipe;
  declare unpipe: typeof unpipe;
  declare destroy: typeof destroy;
  declare setTimeout: typeof setRequestTimeout;
  declare [Symbol.asyncIterator]: typeof iterate;

  constructor(init: IInjectedRequestInit, socket: InjectedSocket, owner: IRequestOwner) {
    super();
    this.method = init.method;
    this.url = init.url;
    this.headers = init.headers;
    for (const name in init.headers) this.rawHeaders.push(name, init.headers[name]);
    this.body = init.body;
    this.readableLength = init.bodyLength;
    this.socket = this.connection = socket;
    this[kSocketContext] = init.ctx;
    this.owner = owner;
    // The methods a reader calls: on the object itself (see above), each one a shared function.
    const emitter = this as unknown as IStreamListeners;
    emitter.on = emitter.addListener = on;
    emitter.removeListener = emitter.off = removeListener;
    emitter.removeAllListeners = removeAllListeners;
    this.resume = resume;
    this.pause = pause;
    this.isPaused = isPaused;
    this.read = read;
    this.setEncoding = setEncoding;
    this.pipe = pipe;
    this.unpipe = unpipe;
    this.destroy = destroy;
    this.setTimeout = setRequestTimeout;
    this[Symbol.asyncIterator] = iterate;
  }
}

// IncomingMessage's prototype below ours: `instanceof IncomingMessage` holds, and the request looks the same to
// a framework before and after Express's prototype swap.
Object.setPrototypeOf(InjectedRequest.prototype, IncomingMessage.prototype);

/** As on a Node request: before the response is complete it takes the call down with it. */
function destroy(this: InjectedRequest, error?: Error): InjectedRequest {
  if (!this.destroyed) this.owner.requestDestroyed(error);
  return this;
}

/** The call's deadline is `performAction.timeout`; a socket timeout never fires. */
function setRequestTimeout(this: InjectedRequest): InjectedRequest {
  return this;
}

/**
 * The call is over without an answer (given up, or destroyed by a reader): what a client disconnecting does to a
 * Node request — `aborted` unless the body was read to its end, `error` (only to listeners, as Node does),
 * `close`.
 */
export function abortRequest(request: InjectedRequest, error?: Error): void {
  if (request.destroyed) return;
  if (!request.readableEnded) {
    request.aborted = request.readableAborted = true;
    request.emit('aborted');
  }
  markDestroyed(request);
  if (error !== undefined) request.errored = error;
  if (request.listenerCount('error') > 0) {
    request.emit('error', error ?? Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
  }
  request.emit('close');
}

/** The response is complete: a body nobody read is dropped (`end` still comes), then `close`, as in Node. */
export function finishRequest(request: InjectedRequest): void {
  if (request.destroyed) return;
  if (!request.readableEnded) {
    state(request).body = null;
    request.readableLength = 0;
    endBody(request);
  }
  markDestroyed(request);
  request.emit('close');
}

function markDestroyed(request: InjectedRequest): void {
  request.destroyed = request.closed = true;
  request.readable = false;
  state(request).body = null;
}
