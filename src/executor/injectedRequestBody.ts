import { EventEmitter } from 'node:events';

/**
 * The body side of an injected request: a readable stream of a body that is already complete, as the functions
 * the request carries on itself (`on`, `resume`, `read`, `pipe`, async iteration...). `data` and `end` come on a
 * later turn, as from a Node stream; `readable` listeners read with `read()` instead.
 */

type Listener = (...args: never[]) => unknown;
type EventName = string | symbol;

/** What these functions use of the request they act for (an `InjectedRequest`, typed here to keep the files apart). */
export interface IBodyStream extends EventEmitter {
  readable: boolean;
  readableEnded: boolean;
  readableFlowing: boolean | null;
  readableDidRead: boolean;
  readableEncoding: BufferEncoding | null;
  readableLength: number;
  destroyed: boolean;
  errored: Error | null;
  resume(): this;
}

/** The listener methods a stream has of its own (typed by EventEmitter, replaced on the object). */
export interface IStreamListeners {
  on: typeof on;
  addListener: typeof on;
  removeListener: typeof removeListener;
  off: typeof removeListener;
  removeAllListeners: typeof removeAllListeners;
}

/**
 * The request's private fields, for the functions here and in `injectedRequest.ts` (they act for the class, which
 * cannot hold them as methods: see `InjectedRequest`).
 */
export interface IRequestState {
  body: string | Buffer | null;
  scheduled: boolean;
  readableListening: boolean;
  endRequested: boolean;
  pipes?: IPipe[];
}

interface IPipe {
  destination: NodeJS.WritableStream;
  onData: (chunk: Buffer | string) => void;
  onEnd: () => void;
}

/** The request's private fields. */
export const state = (request: IBodyStream) => request as unknown as IRequestState;
const emitterOn = EventEmitter.prototype.on;
const emitterRemoveListener = EventEmitter.prototype.removeListener;
const emitterRemoveAllListeners = EventEmitter.prototype.removeAllListeners;

function schedule(request: IBodyStream): void {
  const own = state(request);
  if (own.scheduled) return;
  own.scheduled = true;
  process.nextTick(flow, request);
}

/** One turn of the stream: `readable` for `read()` readers, else the body as `data` and `end` while flowing. */
function flow(request: IBodyStream): void {
  const own = state(request);
  own.scheduled = false;
  if (request.destroyed || request.readableEnded) return;
  if (own.readableListening) {
    request.emit('readable');
    if (own.body === null) endBody(request);
    return;
  }
  if (request.readableFlowing !== true && !own.endRequested) return;
  if (own.body !== null && request.readableFlowing === true) request.emit('data', take(request));
  if (own.body === null && (request.readableFlowing === true || own.endRequested)) endBody(request);
}

/** The body, once, as the reader asked for it: a Buffer, or text in the encoding it set. */
function take(request: IBodyStream): Buffer | string {
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

export function endBody(request: IBodyStream): void {
  if (request.readableEnded) return;
  request.readableEnded = true;
  request.readable = false;
  request.emit('end');
}

export function on(this: IBodyStream, event: EventName, listener: Listener): IBodyStream {
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

export function removeListener(this: IBodyStream, event: EventName, listener: Listener): IBodyStream {
  emitterRemoveListener.call(this, event, listener as (...args: unknown[]) => void);
  if (event === 'readable' && this.listenerCount('readable') === 0) state(this).readableListening = false;
  return this;
}

export function removeAllListeners(this: IBodyStream, event?: EventName): IBodyStream {
  emitterRemoveAllListeners.call(this, event);
  if (event === undefined || event === 'readable') state(this).readableListening = false;
  return this;
}

export function resume(this: IBodyStream): IBodyStream {
  if (!this.readableFlowing) {
    this.readableFlowing = !state(this).readableListening;
    schedule(this);
  }
  return this;
}

export function pause(this: IBodyStream): IBodyStream {
  if (this.readableFlowing !== false) this.readableFlowing = false;
  return this;
}

export function isPaused(this: IBodyStream): boolean {
  return this.readableFlowing === false;
}

/** The body on the first call (also as `data`, as Node's `read()` does), then null; `end` follows. */
export function read(this: IBodyStream): Buffer | string | null {
  const own = state(this);
  if (this.destroyed || this.readableEnded) return null;
  own.endRequested = true;
  schedule(this);
  if (own.body === null) return null;
  const chunk = take(this);
  this.emit('data', chunk);
  return chunk;
}

export function setEncoding(this: IBodyStream, encoding: BufferEncoding): IBodyStream {
  this.readableEncoding = encoding;
  return this;
}

export function pipe<T extends NodeJS.WritableStream>(
  this: IBodyStream,
  destination: T,
  options?: { end?: boolean },
): T {
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

export function unpipe(this: IBodyStream, destination?: NodeJS.WritableStream): IBodyStream {
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

export async function* iterate(this: IBodyStream): AsyncGenerator<Buffer | string, void, undefined> {
  const own = state(this);
  if (this.destroyed && this.errored !== null) throw this.errored;
  if (own.body !== null && !this.destroyed) {
    const chunk = take(this);
    this.emit('data', chunk);
    yield chunk;
  }
  if (this.errored !== null) throw this.errored;
  if (!this.destroyed) endBody(this);
}
