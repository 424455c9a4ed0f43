import { type IncomingMessage, type ServerResponse } from 'node:http';
import { HistoryError, type IDeliveryReceipt, type ILogger, type SocketApp } from '../../src/index.js';
import type { RequestListener } from '../../src/executor/index.js';
import { prometheusMetrics } from '../../src/metrics/index.js';
import { BeanSsrHmr } from '../ssrhmr/index.js';
import { callerIdentity } from './callerIdentity.js';
import { CHAT_SCRIPT_PATH, chatScriptBundle } from './clientBundle.js';
import { HOME_PAGE_HTML } from './homePage.js';
import {
  asObjectBody,
  DEFAULT_BODY_LIMIT_BYTES,
  describeValue,
  HttpError,
  readJsonBody,
  sendHtml,
  sendJson,
} from './httpJson.js';
import { invalidNameReason, type PassportTokens } from './passportToken.js';
import { reservedEventNameReason } from './reservedEventName.js';
import { type IChatMessage } from './socketNamespace.chat.js';

export interface IDemoRoutesDeps {
  app: SocketApp;
  tokens: PassportTokens;
  logger: ILogger;
  bodyLimitBytes?: number;
}

/** Everything a route handler may need about its request. */
interface IRouteRequest {
  request: IncomingMessage;
  url: URL;
  /** Parsed JSON body (undefined when empty); read only for methods that carry one. */
  body: unknown;
}

/** A handler answers with the JSON body of a 200, or throws `HttpError`. */
type RouteHandler = (route: IRouteRequest) => unknown;

const MAX_CHAT_TEXT_LENGTH = 2000;

/**
 * The demo's HTTP API as a plain Node request listener. The same listener serves HTTP and, through
 * `createRequestListenerExecutor`, socket calls (performAction), so every route is reachable both ways.
 */
export function createDemoRoutes(deps: IDemoRoutesDeps): RequestListener {
  const { app, tokens, logger } = deps;
  // At start-up, so the RPC latency histogram counts every call.
  const metrics = prometheusMetrics(app);
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  const routes = new Map<string, RouteHandler>([
    ['POST /api/echo', ({ body }) => body ?? null],
    ['GET /api/echo', ({ url }) => queryObject(url.searchParams)],
    [
      'POST /api/passport/token',
      ({ body }) => {
        const { name } = asObjectBody(body);
        const reason = invalidNameReason(name);
        if (reason) throw new HttpError(400, reason);
        return { token: tokens.sign(name as string) };
      },
    ],
    ['GET /api/passport/current', ({ request }) => callerIdentity(request, tokens)],
    [
      'POST /api/ssrhmr/reload',
      () => {
        const { at } = app.bean<BeanSsrHmr>(BeanSsrHmr).reload();
        return { ok: true, at };
      },
    ],
    [
      'POST /api/socket/broadcast',
      async ({ body }) => {
        const fields = asObjectBody(body);
        const namespace = requireString(fields, 'namespace');
        const eventName = requireEventName(fields);
        if (!app.namespaces.has(namespace)) {
          throw new HttpError(
            404,
            `namespace "${namespace}" is not declared (declared: ${[...app.namespaces.keys()].join(', ')})`,
          );
        }
        // Awaited: for a history namespace the answer comes once the event has its place in the stream, so a
        // publisher that awaits each answer defines the order every client sees.
        const receipt = await delivered(app.socketEvent.broadcast(namespace, eventName, fields.data));
        return receipt.offset === undefined ? { ok: true } : { ok: true, offset: receipt.offset };
      },
    ],
    [
      'POST /api/socket/send',
      async ({ body }) => {
        const fields = asObjectBody(body);
        const id = requireString(fields, 'id');
        const eventName = requireEventName(fields);
        // Without a bus a connection not held here exists nowhere; with one, another process may hold it.
        if (!app.registry.get(id) && !app.plugins.bus) {
          throw new HttpError(404, `no open connection with id "${id}"`);
        }
        const receipt = await delivered(app.socketEvent.send(id, eventName, fields.data));
        return receipt.offset === undefined ? { ok: true } : { ok: true, offset: receipt.offset };
      },
    ],
    [
      'GET /api/socket/stats',
      () => {
        const namespaces: Record<string, number> = {};
        for (const namespace of app.namespaces.keys()) {
          namespaces[namespace] = app.registry.namespaceClients(namespace).size;
        }
        return { connections: app.registry.size, namespaces };
      },
    ],
    [
      'POST /api/chat/message',
      async ({ request, body }) => {
        const caller = callerIdentity(request, tokens);
        if (caller.anonymous) {
          throw new HttpError(
            401,
            'chat messages need a name: get a token from POST /api/passport/token and connect to /ws/chat with ?x-vona-passport-code=<token>',
          );
        }
        const text = requireString(asObjectBody(body), 'text').trim();
        if (text === '') throw new HttpError(400, 'text must not be blank');
        if (text.length > MAX_CHAT_TEXT_LENGTH) {
          throw new HttpError(400, `text must be at most ${MAX_CHAT_TEXT_LENGTH} characters, got ${text.length}`);
        }
        const message: IChatMessage = { from: caller.name, text, at: Date.now() };
        const { offset } = await delivered(app.socketNamespace('/chat').broadcast('chat:message', message));
        return { ok: true, message, offset };
      },
    ],
  ]);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (method === 'GET' && url.pathname === '/') {
      sendHtml(response, 200, HOME_PAGE_HTML);
      return;
    }
    if (method === 'GET' && url.pathname === CHAT_SCRIPT_PATH) {
      await sendChatScript(response, logger);
      return;
    }
    if (method === 'GET' && url.pathname === '/metrics') {
      response.statusCode = 200;
      response.setHeader('content-type', metrics.contentType);
      response.end(await metrics.text());
      return;
    }
    const handler = routes.get(`${method} ${url.pathname}`);
    if (!handler) {
      sendJson(response, 404, { message: `no route for ${method} ${url.pathname}` });
      return;
    }
    try {
      const body = method === 'GET' ? undefined : await readJsonBody(request, bodyLimit);
      sendJson(response, 200, await handler({ request, url, body }));
    } catch (error) {
      if (error instanceof HttpError) {
        // The rest of an oversized body is not read: close instead of reusing the connection.
        if (error.status === 413) response.setHeader('connection', 'close');
        sendJson(response, error.status, { message: error.message });
        return;
      }
      logger.error(`${method} ${url.pathname} failed`, error);
      sendJson(response, 500, { message: 'internal server error' });
    }
  }

  return (request, response) => {
    void handle(request, response);
  };
}

/** The page's script, bundled on first request; a bundling failure is a 500 that says why. */
async function sendChatScript(response: ServerResponse, logger: ILogger): Promise<void> {
  let script: string;
  try {
    script = await chatScriptBundle();
  } catch (error) {
    logger.error('the chat page script could not be bundled', error);
    const reason = error instanceof Error ? error.message : String(error);
    sendJson(response, 500, { message: `the chat page script could not be bundled: ${reason}` });
    return;
  }
  response.statusCode = 200;
  response.setHeader('content-type', 'text/javascript; charset=utf-8');
  response.setHeader('content-length', Buffer.byteLength(script));
  // The bundle is rebuilt when the demo restarts: let the browser check instead of keeping a stale copy.
  response.setHeader('cache-control', 'no-cache');
  response.end(script);
}

/**
 * A delivery's receipt; a history store that cannot take the event (Redis unreachable too long, closing) is a
 * 503 naming why, so the publisher knows the event was not delivered and may retry.
 */
async function delivered(receipt: Promise<IDeliveryReceipt>): Promise<IDeliveryReceipt> {
  try {
    return await receipt;
  } catch (error) {
    if (error instanceof HistoryError) throw new HttpError(503, `the event was not delivered: ${error.message}`);
    throw error;
  }
}

/** Query values; a key given several times becomes an array. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

function requireString(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value === '') {
    throw new HttpError(400, `${key} must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function requireEventName(fields: Record<string, unknown>): string {
  const eventName = requireString(fields, 'eventName');
  const reserved = reservedEventNameReason(eventName);
  if (reserved !== undefined) throw new HttpError(400, reserved);
  return eventName;
}
