/**
 * A stand-in for the a-socket server that speaks only the wire protocol (DESIGN §5), on raw `ws`: the client's
 * tests run against it while the real server is being written, and its small API is meant to be re-implemented
 * over the real server later.
 *
 * - every connection gets `_:["_a",{"id":"<uuid>"}]` at once (or `_:["_a",null]`, as Vona's server sends it, with
 *   `{ bareReady: true }`);
 * - `_b` calls are answered by path: `/api/echo` (post: the body, get: the query), `/api/slow` (never answers),
 *   `/api/error` (500), anything else 404, a malformed call 400;
 * - `stop()` closes every client with 1001 and stops listening; `restart()` listens again on the same port.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const PREFIX = '_:';

export interface ProtocolServer {
  /** ws://127.0.0.1:<port>/ws */
  readonly url: string;
  readonly port: number;
  /** Text frames received from clients, in arrival order, all connections together. */
  readonly received: string[];
  /** Connections currently open. */
  readonly connectionCount: number;
  /** Sends an event frame to every open client. */
  broadcast(eventName: string, data: unknown): void;
  /** Sends a text frame exactly as given to every open client. */
  sendRaw(text: string): void;
  /** Closes every open client with this code. */
  closeClients(code: number, reason?: string): void;
  /** Resolves once a received frame satisfies `match` (including frames received before the call). */
  waitForFrame(match: (frame: string) => boolean): Promise<string>;
  /** Closes every client with 1001 (like appClose) and stops listening; resolves once all is closed. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

interface ActionCall {
  i: unknown;
  m: unknown;
  p: unknown;
  q?: unknown;
  b?: unknown;
}

function answerFor(call: ActionCall): Record<string, unknown> | undefined {
  const { i, m, p } = call;
  if (typeof p !== 'string' || typeof m !== 'string' || (typeof i !== 'number' && typeof i !== 'string')) {
    return { i: i ?? null, c: 400, m: 'Bad Request' };
  }
  if (p === '/api/slow') return undefined;
  if (p === '/api/echo') return { i, c: 0, d: m === 'get' ? (call.q ?? {}) : call.b };
  if (p === '/api/error') return { i, c: 500, m: 'Internal Server Error' };
  return { i, c: 404, m: 'Not Found' };
}

export interface ProtocolServerOptions {
  /** Send sysReady as Vona's server does, `_:["_a",null]`, without a connection id. */
  bareReady?: boolean;
}

export async function startProtocolServer(options: ProtocolServerOptions = {}): Promise<ProtocolServer> {
  const clients = new Set<WebSocket>();
  const received: string[] = [];
  const frameWaiters = new Set<{ match: (frame: string) => boolean; resolve: (frame: string) => void }>();
  let http: Server | undefined;
  let wss: WebSocketServer | undefined;
  let port = 0;

  const send = (ws: WebSocket, eventName: string, data: unknown) => ws.send(PREFIX + JSON.stringify([eventName, data]));

  const onFrame = (ws: WebSocket, text: string) => {
    received.push(text);
    for (const waiter of [...frameWaiters]) {
      if (waiter.match(text)) {
        frameWaiters.delete(waiter);
        waiter.resolve(text);
      }
    }
    if (!text.startsWith(PREFIX)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(PREFIX.length));
    } catch {
      return;
    }
    if (!Array.isArray(parsed) || parsed[0] !== '_b') return;
    const call = (typeof parsed[1] === 'object' && parsed[1] !== null ? parsed[1] : {}) as ActionCall;
    const answer = answerFor(call);
    if (answer) send(ws, '_c', answer);
  };

  const listen = async () => {
    http = createServer((_req, res) => res.writeHead(404).end());
    wss = new WebSocketServer({ server: http });
    wss.on('connection', ws => {
      clients.add(ws);
      ws.on('error', () => undefined);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (!isBinary) onFrame(ws, data.toString());
      });
      send(ws, '_a', options.bareReady === true ? null : { id: randomUUID() });
    });
    const server = http;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };

  const stop = async () => {
    const closing = [...clients].map(
      ws =>
        new Promise<void>(resolve => {
          // A client that does not answer the close handshake must not hold the server open.
          const timer = setTimeout(() => ws.terminate(), 500);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1001, 'server stopping');
        }),
    );
    await Promise.all(closing);
    const [closingWss, closingHttp] = [wss, http];
    wss = undefined;
    http = undefined;
    await new Promise<void>(resolve => (closingWss ? closingWss.close(() => resolve()) : resolve()));
    await new Promise<void>(resolve => (closingHttp ? closingHttp.close(() => resolve()) : resolve()));
  };

  await listen();

  return {
    get url() {
      return `ws://127.0.0.1:${port}/ws`;
    },
    get port() {
      return port;
    },
    received,
    get connectionCount() {
      return clients.size;
    },
    broadcast(eventName, data) {
      for (const ws of clients) send(ws, eventName, data);
    },
    sendRaw(text) {
      for (const ws of clients) ws.send(text);
    },
    closeClients(code, reason) {
      for (const ws of clients) ws.close(code, reason);
    },
    waitForFrame(match) {
      const seen = received.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise(resolve => frameWaiters.add({ match, resolve }));
    },
    stop,
    async restart() {
      if (http) throw new Error('restart() while listening: stop() first');
      await listen();
    },
  };
}
