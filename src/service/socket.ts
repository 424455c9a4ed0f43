import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { type BeanSocket } from '../bean/bean.socket.js';
import { type SocketConnectionAlive } from '../bean/socketConnection.alive.js';
import { BeanBase } from '../lib/beanBase.js';
import { Service } from '../lib/decorators.js';
import { holdUntilImmediate } from '../lib/frameWriter.js';
import { namespaceOfPath } from '../lib/namespacePath.js';
import { SocketCloseReason } from '../lib/closeReasons.js';
import { SocketCloseCode } from '../types/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { remoteAddressOf } from '../lib/remoteAddress.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { type ServiceMetrics } from './metrics.js';
import { type ServiceOnion } from './onion.js';
import { type ServiceSocketClose } from './socketClose.js';
import {
  connectionRunOf,
  SocketConnectionRun,
  SocketContext,
  type ISocketConnectionRunDeps,
} from './socketConnectionRun.js';
import { type ServiceSocketEvent } from './socketEvent.js';

/** How long `appClose` waits for clients to finish the close handshake before terminating them. */
const CLOSE_GRACE_MS = 3000;

/** The WebSocket server: upgrades under `globalPrefix`, one `SocketConnectionRun` per connection, shutdown. */
@Service()
export class ServiceSocket extends BeanBase<ISocketConfig> {
  private wss?: WebSocketServer;
  private upgradeListener?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Shared by every connection's run. */
  private runDeps?: ISocketConnectionRunDeps;

  async appReady(): Promise<void> {
    const server = this.app.server;
    if (!server || this.wss) return;
    const config = this.scope.config;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: config.maxPayload,
    });
    this.upgradeListener = (request, socket, head) => this.handleUpgrade(request, socket, head);
    server.on('upgrade', this.upgradeListener);
  }

  /** Stops accepting, closes every client with 1001, waits for every exit chain, closes the server. */
  async appClose(): Promise<void> {
    if (this.upgradeListener) this.app.server?.off('upgrade', this.upgradeListener);
    this.upgradeListener = undefined;
    const registry = this.app.bean<BeanSocket>('a-socket.bean.socket');
    const socketClose = this.app.bean<ServiceSocketClose>('a-socket.service.socketClose');
    for (const ws of registry.all()) socketClose.close(ws, SocketCloseCode.goingAway, SocketCloseReason.shuttingDown);
    // A run is in the registry from its start until it finished, accepted or still entering: the list of runs.
    const finished = Promise.all([...registry.all()].map(ws => connectionRunOf(ws)?.finished));
    const grace = setTimeout(() => {
      for (const ws of registry.all()) ws.terminate();
    }, CLOSE_GRACE_MS);
    await finished;
    clearTimeout(grace);
    this.app.bean<SocketConnectionAlive>('a-socket.socketConnection.alive').stop();
    const wss = this.wss;
    this.wss = undefined;
    if (wss) await new Promise<void>(resolve => wss.close(() => resolve()));
  }

  private handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseRequestUrl(request.url ?? '/');
    if (url === undefined) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    const { pathname, searchParams } = url;
    const namespace = namespaceOfPath(pathname, this.scope.config.globalPrefix);
    if (namespace === undefined) return; // another upgrade listener's path
    if (!this.app.namespaces.has(namespace)) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const wss = this.wss;
    if (!wss) {
      rejectUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    if (socket instanceof Socket) holdUntilImmediate(socket);
    wss.handleUpgrade(request, socket, head, ws => this.onConnection(ws, request, namespace, searchParams));
  }

  private onConnection(raw: WebSocket, request: IncomingMessage, namespace: string, params: URLSearchParams): void {
    const ws = raw as ISocketWebSocket;
    const config = this.scope.config;
    let query = NO_QUERY;
    for (const [key, value] of params) {
      if (query === NO_QUERY) query = {};
      if (!(key in query)) query[key] = value;
    }
    this.runDeps ??= {
      onion: this.app.bean<ServiceOnion>('a-socket.service.onion'),
      registry: this.app.bean<BeanSocket>('a-socket.bean.socket'),
      socketEvent: this.app.bean<ServiceSocketEvent>('a-socket.service.socketEvent'),
      socketClose: this.app.bean<ServiceSocketClose>('a-socket.service.socketClose'),
      metrics: this.app.bean<ServiceMetrics>('a-socket.service.metrics'),
      logger: this.logger,
      maxPendingPackets: config.maxPendingPackets,
    };
    const run = new SocketConnectionRun(ws, this.runDeps);
    const ctx = new SocketContext(
      run,
      randomUUID(),
      namespace,
      { url: request.url ?? '/', headers: request.headers, remoteAddress: remoteAddressOf(request) },
      query,
      query[config.queryKey.passportCode],
      query[config.queryKey.instanceName],
      query[config.queryKey.locale],
      query[config.queryKey.tz],
      ws,
    );
    ws.id = ctx.id;
    ws.namespace = namespace;
    ws.ctx = ctx;
    run.start();
  }
}

/** The query of every connection without one: shared, so frozen. */
const NO_QUERY: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** A path and a query of plain ASCII characters: WHATWG URL parsing would change neither. */
const PLAIN_URL = /^(\/(?!\/)[\w\-/]*)(?:\?([\w\-.~%=&+,;:@!$'()*]*))?$/;
const NO_PARAMS = new URLSearchParams();

/**
 * Path and query of a request URL as `new URL(url, base)` gives them, without building a URL object for
 * the usual plain ones (`/ws`, `/ws/chat?x-vona-passport-code=…`); undefined for one URL cannot parse (`//`).
 */
export function parseRequestUrl(url: string): { pathname: string; searchParams: URLSearchParams } | undefined {
  const plain = PLAIN_URL.exec(url);
  if (plain === null) {
    if (!URL.canParse(url, 'http://localhost')) return undefined;
    const parsed = new URL(url, 'http://localhost');
    return { pathname: parsed.pathname, searchParams: parsed.searchParams };
  }
  const search = plain[2];
  return { pathname: plain[1], searchParams: search ? new URLSearchParams(search) : NO_PARAMS };
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
