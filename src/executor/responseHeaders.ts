import {
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
} from 'node:http';
import { nodeError } from './nodeError.js';

/**
 * A header value as a response keeps it. The functions of this file are the header methods of an injected
 * response (`InjectedResponse` puts them on each one): headers kept by lower-case name, checked as Node checks
 * them, refused once the status and headers are committed.
 */
export type HeaderValue = number | string | readonly string[];
type HeadersArgument = OutgoingHttpHeaders | readonly OutgoingHttpHeader[] | readonly (readonly string[])[];

/**
 * What the header methods use of the response they sit on. A structural type, not `InjectedResponse`, so this
 * file does not import the class that imports it (no import cycle, type-only ones included).
 */
export interface IResponseHead {
  statusCode: number;
  statusMessage: string | undefined;
  headersSent: boolean;
  readonly headerValues: Record<string, HeaderValue>;
  setHeader(name: string, value: HeaderValue): unknown;
  writeHead(statusCode: number): unknown;
}

const headersSentError = (action: string) =>
  nodeError('ERR_HTTP_HEADERS_SENT', `Cannot ${action} headers after they are sent to the client`);

export function setHeader<T extends IResponseHead>(this: T, name: string, value: HeaderValue): T {
  if (this.headersSent) throw headersSentError('set');
  validateHeaderName(name);
  // Node checks numbers and arrays too; its type says string.
  validateHeaderValue(name, value as unknown as string);
  this.headerValues[name.toLowerCase()] = value;
  return this;
}

export function appendHeader<T extends IResponseHead>(this: T, name: string, value: HeaderValue): T {
  if (this.headersSent) throw headersSentError('append');
  validateHeaderName(name);
  validateHeaderValue(name, value as unknown as string);
  const values = this.headerValues;
  const key = name.toLowerCase();
  const existing = values[key];
  if (existing === undefined) {
    values[key] = value;
  } else {
    const before = Array.isArray(existing) ? existing : [String(existing)];
    values[key] = before.concat(Array.isArray(value) ? value : [String(value)]);
  }
  return this;
}

export function getHeader(this: IResponseHead, name: string): HeaderValue | undefined {
  return this.headerValues[name.toLowerCase()];
}

export function getHeaders(this: IResponseHead): Record<string, HeaderValue> {
  return Object.assign(Object.create(null) as Record<string, HeaderValue>, this.headerValues);
}

export function getHeaderNames(this: IResponseHead): string[] {
  return Object.keys(this.headerValues);
}

export function hasHeader(this: IResponseHead, name: string): boolean {
  return this.headerValues[name.toLowerCase()] !== undefined;
}

export function removeHeader(this: IResponseHead, name: string): void {
  if (this.headersSent) throw headersSentError('remove');
  delete this.headerValues[name.toLowerCase()];
}

/** `writeHead(status[, statusMessage][, headers])`, headers as an object, `[name, value, …]` or `[[name, value], …]`. */
export function writeHead<T extends IResponseHead>(
  this: T,
  statusCode: number,
  reason?: string | HeadersArgument,
  headers?: HeadersArgument,
): T {
  if (this.headersSent) throw headersSentError('write');
  const code = statusCode | 0;
  if (code < 100 || code > 999) {
    throw nodeError('ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${String(statusCode)}`, RangeError);
  }
  if (typeof reason === 'string') {
    this.statusMessage = reason;
  } else {
    headers ??= reason;
  }
  this.statusCode = code;
  if (Array.isArray(headers)) {
    setHeaderList(this, headers as readonly (OutgoingHttpHeader | readonly string[])[]);
  } else if (headers !== undefined) {
    for (const name in headers) {
      const value = (headers as OutgoingHttpHeaders)[name];
      if (name !== '' && value !== undefined) this.setHeader(name, value);
    }
  }
  this.statusMessage ??= STATUS_CODES[code] ?? 'unknown';
  this.headersSent = true;
  return this;
}

/** Headers given as a list, `[name, value, …]` or `[[name, value], …]`: each pair is set in turn, as Node 20 does. */
function setHeaderList(response: IResponseHead, list: readonly (OutgoingHttpHeader | readonly string[])[]): void {
  if (list.length > 0 && Array.isArray(list[0])) {
    for (const pair of list as readonly (readonly string[])[]) if (pair[0]) response.setHeader(pair[0], pair[1]);
    return;
  }
  if (list.length % 2 !== 0) {
    throw nodeError('ERR_INVALID_ARG_VALUE', "The argument 'headers' must hold name, value pairs", TypeError);
  }
  for (let n = 0; n < list.length; n += 2) {
    const name = list[n];
    if (name) response.setHeader(String(name), list[n + 1] as HeaderValue);
  }
}

/** Commits the status and headers as they are now (`flushHeaders`, and the first write). */
export function implicitHeader(this: IResponseHead): void {
  if (!this.headersSent) this.writeHead(this.statusCode);
}
