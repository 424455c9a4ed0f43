import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type IActionExecutor, type IPerformActionRequest } from '../types/plugins.js';
import { type ISocketContext } from '../types/socket.js';
import { DEFAULT_DROPPED_HEADERS, forwardableHeaders } from './droppedHeaders.js';
import { InjectedCall } from './injectedCall.js';
import { requestUrl } from './requestUrl.js';

/** Any Node request listener: plain `http`, Express `app`, Koa `app.callback()`, Fastify's `fastify.routing`. */
export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

export interface IRequestListenerExecutorOptions {
  /**
   * More header names to drop from a call's `h`, besides the families that are always dropped (identity,
   * network position, hop-by-hop, the passport code: see docs/protocol.md §3). Use it for an app whose passport
   * query key is not the default one, or for headers of its own that only a proxy may set.
   */
  droppedHeaders?: readonly string[];
}

export { DEFAULT_DROPPED_HEADERS };

const HTTP_METHODS: Record<IPerformActionRequest['method'], string> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};

/** Where the executor finds the call behind the answer it returned, when the server gives the call up. */
const kCall = Symbol('a-socket.injectedCall');
type CallAnswer = Promise<unknown> & { [kCall]?: InjectedCall };

/**
 * An action executor that runs each call through a Node request listener, so one HTTP API serves both HTTP
 * and the socket. The request and response it injects are made for this (`InjectedRequest`,
 * `InjectedResponse`): the body is ready, nothing is serialised and parsed back, and a call costs the server
 * less than the same request over HTTP keep-alive. The request carries the socket's context
 * (`getSocketContext(req)`); 2xx answers resolve with the JSON body (or the text), other statuses fail with
 * that status (see `callAnswer`).
 *
 * It takes no signal per call (`perCallSignal: false`): the server tells it through `abandon` when it gives a
 * call up, and the injected request then aborts as it would when an HTTP client disconnects. A caller of
 * `execute` that passes a signal of its own (not the connection's) has that one watched instead.
 */
export function createRequestListenerExecutor(
  listener: RequestListener,
  options: IRequestListenerExecutorOptions = {},
): IActionExecutor {
  const dropped = new Set(
    [...DEFAULT_DROPPED_HEADERS, ...(options.droppedHeaders ?? [])].map(name => name.toLowerCase()),
  );
  return {
    perCallSignal: false,
    execute(request: IPerformActionRequest, ctx: ISocketContext, signal: AbortSignal): Promise<unknown> {
      if (signal.aborted) return Promise.reject(signal.reason);
      const call = injectedCall(request, ctx, dropped);
      if (signal !== ctx.signal) call.watch(signal);
      try {
        listener(call.request as unknown as IncomingMessage, call.response as unknown as ServerResponse);
      } catch (error) {
        call.listenerThrew(error);
      }
      const answer: CallAnswer = call.answer;
      answer[kCall] = call;
      return answer;
    },
    abandon(pending: PromiseLike<unknown>): void {
      (pending as CallAnswer)[kCall]?.abandon();
    },
  };
}

function injectedCall(request: IPerformActionRequest, ctx: ISocketContext, dropped: ReadonlySet<string>): InjectedCall {
  const headers = forwardableHeaders(request.headers, dropped);
  const host = ctx.request.headers.host;
  if (host !== undefined) headers.host = host;
  let body: string | null = null;
  let bodyLength = 0;
  if (request.method !== 'get' && request.body !== undefined) {
    body = bodyText(request.body, headers);
    bodyLength = Buffer.byteLength(body);
    headers['content-length'] = String(bodyLength);
  }
  return new InjectedCall({
    method: HTTP_METHODS[request.method],
    url: requestUrl(request.path, request.query),
    headers,
    body,
    bodyLength,
    ctx,
  });
}

/** `b` is a JSON value and travels as JSON, unless the client set a non-JSON content type for a string body. */
function bodyText(body: unknown, headers: Record<string, string>): string {
  const contentType = headers['content-type'];
  if (typeof body === 'string' && contentType !== undefined && !contentType.includes('json')) return body;
  headers['content-type'] = 'application/json';
  return JSON.stringify(body);
}
