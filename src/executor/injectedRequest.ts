import { EventEmitter } from 'node:events';
import { IncomingMessage } from 'node:http';
import { type ISocketContext } from '../types/socket.js';
import { type InjectedSocket } from './injectedSocket.js';
import { LazyEmitter } from './lazyEmitter.js';

/** Where an injected request keeps its socket's context; only this folder knows the key, so no client can forge it. */
export const kSocketContext = Symbol('a-socket.socketContext');

type Listener = (...args: never[]) => unknown;
type EventName = string | symbol;

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
  private readonly owner: IRequestOwner;
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

/** The listener methods a stream has of its own (typed by EventEmitter, replaced on the object). */
interface IStreamListeners {
  on: typeof on;
  addListener: typeof on;
  removeListener: typeof removeListener;
  off: typeof removeListener;
  removeAllListeners: typeof removeAllListeners;
}

/** Private fields, for the module's functions (they act for the class, which cannot hold them as methods). */
interface IRequestState {
  body: string | Buffer | null;
  scheduled: boolean;
  readableListening: boolean;
  endRequested: boolean;
  owner: IRequestOwner;
  pipes?: IPipe[];
}

interface IPipe {
  destination: NodeJS.WritableStream;
  onData: (chunk: Buffer | string) => void;
  onEnd: () => void;
}

const state = (request: InjectedRequest) => request as unknown as IRequestState;
const emitterOn = EventEmitter.prototype.on;
const emitterRemoveListener = EventEmitter.prototype.removeListener;
const emitterRemoveAllListeners = EventEmitter.prototype.removeAllListeners;

function schedule(request: InjectedRequest): void {
  const own = state(request);
  if (own.scheduled) return;
  own.scheduled = true;
  process.nextTick(flow, request);
}

/** One turn of the stream: `readable` for `read()` readers, else the body as `data` and `end` while flowing. */
function flow(request: InjectedRequest): void {
  const own = state(request);
  own.scheduled = false;
  if (request.destroyed || request.readableEnded) return;
  if (own.readableListening) {
    request.emit('readable');
    if (own.body === null) end(request);
    return;
  }
  if (request.readableFlowing !== true && !own.endRequested) return;
  if (own.body !== null && request.readableFlowing === true) request.emit('data', take(request));
  if (own.body === null && (request.readableFlowing === true || own.endRequested)) end(request);
}

/** The body, once, as the reader asked for it: a Buffer, or text in the encoding it set. */
function take(request: InjectedRequest): Buffer | string {
  const own = state(request);
  const body = own.body as string | Buffer;
  own.body = null;
  request.readableLength = 0;
  request.readableDidRead = true;
  const encoding = request.readableEncoding;
  if (encoding === null) return typeof body === 'string' ? Buffer.from(body) : body;
  if (typeof body === 'string' && (encoding === 'utf8' || encoding === 'utf-8')) return body;
  return (typeof body === 'string' ? Buffer.from(body) : body).toString(encoding);
}

function end(request: InjectedRequest): void {
  if (request.readableEnded) return;
  request.readableEnded = true;
  request.readable = false;
  request.emit('end');
}

function on(this: InjectedRequest, event: EventName, listener: Listener): InjectedRequest {
  emitterOn.call(this, event, listener as (...args: unknown[]) => void);
  if (event === 'data') {
    if (this.readableFlowing !== false) this.resume();
  } else if (event === 'readable' && !this.readableEnded) {
    const own = state(this);
    own.readableListening = true;
    this.readableFlowing = false;
    schedule(this);
  }
  return this;
}

function removeListener(this: InjectedRequest, event: EventName, listener: Listener): InjectedRequest {
  emitterRemoveListener.call(this, event, listener as (...args: unknown[]) => void);
  if (event === 'readable' && this.listenerCount('readable') === 0) state(this).readableListening = false;
  return this;
}

function removeAllListeners(this: InjectedRequest, event?: EventName): InjectedRequest {
  emitterRemoveAllListeners.call(this, event);
  if (event === undefined || event === 'readable') state(this).readableListening = false;
  return this;
}

function resume(this: InjectedRequest): InjectedRequest {
  if (!this.readableFlowing) {
    this.readableFlowing = !state(this).readableListening;
    schedule(this);
  }
  return this;
}

function pause(this: InjectedRequest): InjectedRequest {
  if (this.readableFlowing !== false) this.readableFlowing = false;
  return this;
}

function isPaused(this: InjectedRequest): boolean {
  return this.readableFlowing === false;
}

/** The body on the first call (also as `data`, as Node's `read()` does), then null; `end` follows. */
function read(this: InjectedRequest): Buffer | string | null {
  const own = state(this);
  if (this.destroyed || this.readableEnded) return null;
  own.endRequested = true;
  schedule(this);
  if (own.body === null) return null;
  const chunk = take(this);
  this.emit('data', chunk);
  return chunk;
}

function setEncoding(this: InjectedRequest, encoding: BufferEncoding): InjectedRequest {
  this.readableEncoding = encoding;
  return this;
}

function pipe<T extends NodeJS.WritableStream>(this: InjectedRequest, destination: T, options?: { end?: boolean }): T {
  const onData = (chunk: Buffer | string) => {
    destination.write(chunk);
  };
  const onEnd = () => {
    if (options?.end !== false) destination.end();
  };
  (state(this).pipes ??= []).push({ destination, onData, onEnd });
  this.on('data', onData);
  this.on('end', onEnd);
  destination.emit('pipe', this);
  return destination;
}

function unpipe(this: InjectedRequest, destination?: NodeJS.WritableStream): InjectedRequest {
  const own = state(this);
  for (const piped of own.pipes ?? []) {
    if (destination !== undefined && piped.destination !== destination) continue;
    this.removeListener('data', piped.onData);
    this.removeListener('end', piped.onEnd);
    piped.destination.emit('unpipe', this);
  }
  own.pipes = destination === undefined ? [] : own.pipes?.filter(piped => piped.destination !== destination);
  return this;
}

/** As on a Node request: before the response is complete it takes the call down with it. */
function destroy(this: InjectedRequest, error?: Error): InjectedRequest {
  if (!this.destroyed) state(this).owner.requestDestroyed(error);
  return this;
}

/** The call's deadline is `performAction.timeout`; a socket timeout never fires. */
function setRequestTimeout(this: InjectedRequest): InjectedRequest {
  return this;
}

async function* iterate(this: InjectedRequest): AsyncGenerator<Buffer | string, void, undefined> {
  const own = state(this);
  if (this.destroyed && this.errored !== null) throw this.errored;
  if (own.body !== null && !this.destroyed) {
    const chunk = take(this);
    this.emit('data', chunk);
    yield chunk;
  }
  if (this.errored !== null) throw this.errored;
  if (!this.destroyed) end(this);
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
    end(request);
  }
  markDestroyed(request);
  request.emit('close');
}

function markDestroyed(request: InjectedRequest): void {
  request.destroyed = request.closed = true;
  request.readable = false;
  state(request).body = null;
}
