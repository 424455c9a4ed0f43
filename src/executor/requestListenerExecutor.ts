import { type IncomingMessage, type ServerResponse } from 'node:http';
import inject from 'light-my-request';
import { SocketActionError } from '../lib/socketActionError.js';
import { type IActionExecutor, type IPerformActionRequest } from '../types/plugins.js';
import { type ISocketContext } from '../types/socket.js';
import { keepInjectedMethods } from './keepInjectedMethods.js';
import { attachSocketContext } from './requestSocketContext.js';

/** Any Node request listener: plain `http`, Express `app`, Koa `app.callback()`, Fastify's `server.routing`. */
export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

export interface IRequestListenerExecutorOptions {
  /**
   * Client-sent headers dropped before injection, because they could claim an identity or a network
   * position the socket does not have. Defaults to `DEFAULT_DROPPED_HEADERS`.
   */
  droppedHeaders?: readonly string[];
}

export const DEFAULT_DROPPED_HEADERS: readonly string[] = [
  'authorization',
  'cookie',
  'host',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'x-vona-passport-code',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
];

/**
 * An action executor that injects each call into a Node request listener with light-my-request, so one
 * HTTP API serves both HTTP and the socket. The request carries the socket's context (`getSocketContext(req)`);
 * 2xx answers resolve with the JSON body (or the text), other statuses fail with that status.
 */
export function createRequestListenerExecutor(
  listener: RequestListener,
  options: IRequestListenerExecutorOptions = {},
): IActionExecutor {
  const dropped = new Set((options.droppedHeaders ?? DEFAULT_DROPPED_HEADERS).map(name => name.toLowerCase()));
  return {
    async execute(request: IPerformActionRequest, ctx: ISocketContext, signal: AbortSignal): Promise<unknown> {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!dropped.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
      }
      if (ctx.request.headers.host) headers.host = ctx.request.headers.host;
      const hasBody = request.method !== 'get' && request.body !== undefined;
      const response = await inject(
        (req, res) => {
          keepInjectedMethods(req, res);
          attachSocketContext(req, ctx);
          listener(req, res);
        },
        {
          method: request.method.toUpperCase() as 'GET',
          url: request.path,
          query: toQuery(request.query),
          headers,
          payload: hasBody ? toPayload(request.body, headers) : undefined,
          remoteAddress: ctx.request.remoteAddress,
          signal,
        },
      );
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw new SocketActionError(response.statusCode, failureMessage(response.statusCode, response.payload));
      }
      if (response.statusCode === 204 || response.payload === '') return null;
      const contentType = String(response.headers['content-type'] ?? '');
      return contentType.includes('json') ? (JSON.parse(response.payload) as unknown) : response.payload;
    },
  };
}

function toQuery(query: Record<string, unknown>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    result[key] = Array.isArray(value)
      ? value.map(item => String(item))
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return result;
}

/** `b` is a JSON value and travels as JSON, unless the client set a non-JSON content type for a string body. */
function toPayload(body: unknown, headers: Record<string, string>): string {
  const contentType = headers['content-type'];
  if (typeof body === 'string' && contentType !== undefined && !contentType.includes('json')) return body;
  headers['content-type'] = 'application/json';
  return JSON.stringify(body);
}

/** The `message` (or `error`) of a JSON error body, else the text, else the status. */
function failureMessage(status: number, payload: string): string {
  try {
    const body = JSON.parse(payload) as { message?: unknown; error?: unknown };
    if (typeof body.message === 'string') return body.message;
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: the text itself is the message
  }
  return payload.trim().slice(0, 200) || `request failed with status ${status}`;
}
