import { ServerResponse, STATUS_CODES } from 'node:http';
import { type InjectedRequest } from './injectedRequest.js';
import { type InjectedSocket } from './injectedSocket.js';
import { LazyEmitter } from './lazyEmitter.js';
import { nodeError } from './nodeError.js';
import {
  appendHeader,
  getHeader,
  getHeaderNames,
  getHeaders,
  hasHeader,
  implicitHeader,
  removeHeader,
  setHeader,
  writeHead,
  type HeaderValue,
} from './responseHeaders.js';

/** What a response tells the call it belongs to. */
export interface IResponseOwner {
  /** `end()` was called: the answer is complete. */
  responseEnded(): void;
  /** A writer destroyed the response before ending it: the call cannot be answered. */
  responseDestroyed(error: Error | undefined): void;
}

type WriteCallback = (error?: Error | null) => void;

/**
 * The response of an injected call, made for what frameworks use of Node's `ServerResponse`: `statusCode` and
 * `statusMessage`, `setHeader`/`getHeader`/`getHeaders`/`getHeaderNames`/`hasHeader`/`removeHeader`/
 * `appendHeader`, `writeHead` (with an object or an array of headers), `flushHeaders`, `headersSent`, `write` in
 * as many pieces as it likes, `end`, `finish` and `close`, `destroy`. Nothing is serialised: the status, the
 * headers and the chunks are kept as they are given, for the call's answer. Header names and values are checked
 * as Node checks them, so a handler that a real response would refuse fails the same way here.
 *
 * As with the request, everything sits on the object itself (Express swaps the prototype of every response it
 * handles) and the prototype chain below is `ServerResponse`'s.
 */
export class InjectedResponse extends LazyEmitter {
  statusCode = 200;
  statusMessage: string | undefined = undefined;
  headersSent = false;
  finished = false;
  writableEnded = false;
  writableFinished = false;
  writable = true;
  destroyed = false;
  closed = false;
  errored: Error | null = null;
  writableNeedDrain = false;
  writableCorked = 0;
  writableLength = 0;
  writableHighWaterMark = 16384;
  writableObjectMode = false;
  sendDate = true;
  chunkedEncoding = false;
  shouldKeepAlive = true;
  useChunkedEncodingByDefault = true;
  strictContentLength = false;
  readonly req: InjectedRequest;
  readonly socket: InjectedSocket;
  readonly connection: InjectedSocket;
  /** Headers by lower-case name (for the header methods and the call's answer, not for handlers). */
  readonly headerValues: Record<string, HeaderValue> = Object.create(null) as Record<string, HeaderValue>;
  /** The body as written: strings in UTF-8, everything else as Buffers. */
  readonly chunks: (string | Buffer)[] = [];
  readonly owner: IResponseOwner;
  declare setHeader: typeof setHeader;
  declare getHeader: typeof getHeader;
  declare getHeaders: typeof getHeaders;
  declare getHeaderNames: typeof getHeaderNames;
  declare getRawHeaderNames: typeof getHeaderNames;
  declare hasHeader: typeof hasHeader;
  declare removeHeader: typeof removeHeader;
  declare appendHeader: typeof appendHeader;
  declare writeHead: typeof writeHead;
  declare writeHeader: typeof writeHead;
  declare flushHeaders: typeof implicitHeader;
  declare _implicitHeader: typeof implicitHeader;
  declare write: typeof write;
  declare end: typeof end;
  declare destroy: typeof destroy;
  declare cork: typeof cork;
  declare uncork: typeof uncork;
  declare setTimeout: typeof ignored;
  declare addTrailers: typeof ignored;
  declare writeContinue: typeof ignored;
  declare writeProcessing: typeof ignored;
  declare writeEarlyHints: typeof writeEarlyHints;

  constructor(request: InjectedRequest, socket: InjectedSocket, owner: IResponseOwner) {
    super();
    this.req = request;
    this.socket = this.connection = socket;
    this.owner = owner;
    // The methods a writer calls: on the object itself (see above), each one a shared function.
    this.setHeader = setHeader;
    this.getHeader = getHeader;
    this.getHeaders = getHeaders;
    this.getHeaderNames = this.getRawHeaderNames = getHeaderNames;
    this.hasHeader = hasHeader;
    this.removeHeader = removeHeader;
    this.appendHeader = appendHeader;
    this.writeHead = this.writeHeader = writeHead;
    this.flushHeaders = this._implicitHeader = implicitHeader;
    this.write = write;
    this.end = end;
    this.destroy = destroy;
    this.cork = cork;
    this.uncork = uncork;
    this.setTimeout = this.addTrailers = this.writeContinue = this.writeProcessing = ignored;
    this.writeEarlyHints = writeEarlyHints;
  }
}

// ServerResponse's prototype below ours: `instanceof ServerResponse` holds, before and after Express's swap.
Object.setPrototypeOf(InjectedResponse.prototype, ServerResponse.prototype);

/** 204, 304 and 1xx answers have no body: Node ignores what is written to them. */
const hasBody = (response: InjectedResponse) =>
  response.statusCode !== 204 && response.statusCode !== 304 && response.statusCode >= 200;

function checkChunk(chunk: unknown): asserts chunk is string | Uint8Array {
  if (chunk === null) throw nodeError('ERR_STREAM_NULL_VALUES', 'May not write null values to stream', TypeError);
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
    throw nodeError(
      'ERR_INVALID_ARG_TYPE',
      `The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ${typeof chunk}`,
      TypeError,
    );
  }
}

/**
 * A write after `end()` or `destroy()`: the callback gets the error, and so do `error` listeners. Node would
 * emit it without listeners too, which ends the process; a socket call's handler bug should not.
 */
function refuseWrite(response: InjectedResponse, callback: WriteCallback | null | undefined): false {
  const error = response.destroyed
    ? nodeError('ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed')
    : nodeError('ERR_STREAM_WRITE_AFTER_END', 'write after end');
  process.nextTick(() => {
    if (typeof callback === 'function') callback(error);
    if (response.listenerCount('error') > 0) response.emit('error', error);
  });
  return false;
}

function keep(response: InjectedResponse, chunk: string | Uint8Array, encoding: BufferEncoding | null): void {
  if (chunk.length === 0 || !hasBody(response)) return;
  let kept: string | Buffer;
  if (typeof chunk === 'string') {
    kept = !encoding || encoding === 'utf8' || encoding === 'utf-8' ? chunk : Buffer.from(chunk, encoding);
  } else {
    kept = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  response.chunks.push(kept);
}

function write(
  this: InjectedResponse,
  chunk: string | Uint8Array,
  encoding?: BufferEncoding | WriteCallback | null,
  callback?: WriteCallback | null,
): boolean {
  if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  checkChunk(chunk);
  if (this.finished || this.destroyed) return refuseWrite(this, callback);
  if (!this.headersSent) this.writeHead(this.statusCode);
  keep(this, chunk, encoding ?? null);
  if (typeof callback === 'function') process.nextTick(callback);
  return true;
}

function end(
  this: InjectedResponse,
  chunk?: string | Uint8Array | WriteCallback | null,
  encoding?: BufferEncoding | WriteCallback | null,
  callback?: WriteCallback | null,
): InjectedResponse {
  if (typeof chunk === 'function') {
    callback = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    callback = encoding;
    encoding = null;
  }
  if (chunk) {
    checkChunk(chunk);
    if (this.finished || this.destroyed) {
      refuseWrite(this, callback);
      return this;
    }
  } else if (this.finished) {
    if (typeof callback === 'function') {
      if (this.writableFinished)
        callback(nodeError('ERR_STREAM_ALREADY_FINISHED', 'Cannot call end after a stream was finished'));
      else this.once('finish', callback);
    }
    return this;
  }
  if (!this.headersSent) this.writeHead(this.statusCode);
  if (chunk) keep(this, chunk, encoding ?? null);
  if (typeof callback === 'function') this.once('finish', callback);
  this.finished = this.writableEnded = true;
  this.writable = false;
  this.owner.responseEnded();
  return this;
}

/** As on a Node response: before `end()` it takes the call down with it (the client would see the connection drop). */
function destroy(this: InjectedResponse, error?: Error): InjectedResponse {
  if (this.destroyed) return this;
  if (error !== undefined) this.errored = error;
  this.owner.responseDestroyed(error);
  return this;
}

function cork(this: InjectedResponse): void {
  this.writableCorked++;
}

function uncork(this: InjectedResponse): void {
  if (this.writableCorked > 0) this.writableCorked--;
}

/** Timeouts, trailers and interim answers have no place in a call's answer. */
function ignored(this: InjectedResponse): InjectedResponse {
  return this;
}

function writeEarlyHints(this: InjectedResponse, _hints: unknown, callback?: () => void): void {
  if (typeof callback === 'function') process.nextTick(callback);
}

/** The response ended: `finish`, then `close`, as a Node response emits them once its last byte is out. */
export function finishResponse(response: InjectedResponse): void {
  response.writableFinished = true;
  response.emit('finish');
  closeResponse(response);
}

/** The call is over: no more writing; `close` for whoever listens. */
export function closeResponse(response: InjectedResponse): void {
  if (response.closed) return;
  response.destroyed = response.closed = true;
  response.writable = false;
  response.emit('close');
}

/** The status text of the answer: the one written, else the standard one for its status. */
export function responseStatusText(response: InjectedResponse): string {
  return response.statusMessage ?? STATUS_CODES[response.statusCode] ?? `status ${response.statusCode}`;
}

/** The answer's body as text (UTF-8). */
export function responseText(response: InjectedResponse): string {
  const chunks = response.chunks;
  if (chunks.length === 0) return '';
  if (chunks.length === 1) return chunks[0].toString();
  return Buffer.concat(chunks.map(chunk => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))).toString();
}

/** The answer's `content-type`, or an empty string. */
export function responseContentType(response: InjectedResponse): string {
  const value = response.headerValues['content-type'];
  return value === undefined ? '' : String(value);
}
