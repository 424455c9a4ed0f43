import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { inject } from 'inversify';
import { BeanSocket } from '../bean/bean.socket.js';
import { BeanBase } from '../core/beanBase.js';
import { Service } from '../core/decorators.js';
import { settlesWithin } from '../core/settlesWithin.js';
import { holdUntilImmediate } from '../lib/frameWriter.js';
import { MALFORMED_PATH, namespaceOfPath } from '../protocol/namespacePath.js';
import { rejectUpgrade } from './rejectUpgrade.js';
import { UnclaimedUpgrades } from './unclaimedUpgrades.js';
import { serviceRestartReason, SocketCloseReason } from '../protocol/closeReasons.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ISocketConfig } from '../types/config.js';
import { remoteAddressOf } from '../lib/remoteAddress.js';
import { type ISocketWebSocket } from '../types/socket.js';
import { ServiceMetrics } from './metrics.js';
import { ServiceOnion } from './onion.js';
import { ServiceSocketClose } from './socketClose.js';
import { EnterDeadlines } from './enterDeadlines.js';
import { SocketConnectionRun, type ISocketConnectionRunDeps } from './socketConnectionRun.js';
import { connectionRunOf, SocketContext } from './socketContext.js';
import { ServiceSocketEvent } from './socketEvent.js';
import { ServiceSocketHistory } from './socketHistory.js';

/** How long `appClose` waits for clients to finish the close handshake before terminating them. */
const CLOSE_GRACE_MS = 3000;

/** The WebSocket server: upgrades under `globalPrefix`, one `SocketConnectionRun` per connection, shutdown. */
@Service()
export class ServiceSocket extends BeanBase<ISocketConfig> {
  private wss?: WebSocketServer;
  private upgradeListener?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Upgrades outside `globalPrefix`, answered 400 unless another listener of the host server takes them. */
  private unclaimed?: UnclaimedUpgrades;
  /** Shared by every connection's run. */
  private runDeps?: ISocketConnectionRunDeps;

  constructor(
    @inject(ServiceOnion) private readonly onion: ServiceOnion,
    @inject(BeanSocket) private readonly registry: BeanSocket,
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
    @inject(ServiceSocketClose) private readonly socketClose: ServiceSocketClose,
    @inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @inject(ServiceSocketHistory) private readonly history: ServiceSocketHistory,
  ) {
    super();
  }

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
    this.unclaimed = new UnclaimedUpgrades(server, config.timeout.upgrade);
    this.upgradeListener = (request, socket, head) => this.handleUpgrade(request, socket, head);
    server.on('upgrade', this.upgradeListener);
  }

  /**
   * Stops accepting, closes every client with 1001 (1012 with a retry hint when the app closes for a restart:
   * `appClose({ restart })`), waits for every exit chain, closes the server.
   */
  async appClose(): Promise<void> {
    if (this.upgradeListener) this.app.server?.off('upgrade', this.upgradeListener);
    this.upgradeListener = undefined;
    this.unclaimed?.settleAll();
    this.unclaimed = undefined;
    const { registry, socketClose } = this;
    const restart = this.app.closeOptions.restart;
    const [code, reason] =
      restart === undefined
        ? [SocketCloseCode.goingAway, SocketCloseReason.shuttingDown]
        : [SocketCloseCode.serviceRestart, serviceRestartReason(restart.retryAfterMs)];
    for (const ws of registry.all()) socketClose.close(ws, code, reason);
    // A run is in the registry from its start until it finished, accepted or still entering: the list of runs.
    const finished = Promise.all([...registry.all()].map(ws => connectionRunOf(ws)?.finished));
    const grace = setTimeout(() => {
      for (const ws of registry.all()) ws.terminate();
    }, CLOSE_GRACE_MS);
    const waitMs = this.scope.config.timeout.close;
    const allFinished = await settlesWithin(finished, waitMs > 0 ? waitMs : Number.POSITIVE_INFINITY);
    clearTimeout(grace);
    if (!allFinished) this.giveUpOnChains(waitMs);
    const wss = this.wss;
    this.wss = undefined;
    if (wss) await new Promise<void>(resolve => wss.close(() => resolve()));
  }

  /**
   * Some connection chain (an `enter` whose verifier never answers, an `exit` that never returns) still runs
   * `waitMs` after appClose began: their sockets are terminated and appClose goes on without them, so a
   * shutdown never hangs on a module. Named in the log, for whoever owns the onion.
   */
  private giveUpOnChains(waitMs: number): void {
    const left = [...this.registry.all()];
    for (const ws of left) ws.terminate();
    const shown = left.slice(0, 5).map(ws => `${ws.id} on ${ws.namespace}`);
    const more = left.length > shown.length ? ` and ${left.length - shown.length} more` : '';
    this.logger.error(
      `appClose: the connection chains of ${left.length} connection(s) did not finish within ${waitMs} ms ` +
        `(timeout.close): ${shown.join(', ')}${more}. Closing without them; an onion (or a passport verifier, an ` +
        `instance resolver) of theirs does not return, and whatever it holds stays held.`,
    );
  }

  private handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = request.url ?? '/';
    const { path, searchParams } = parseRequestUrl(target);
    const namespace = namespaceOfPath(path, this.scope.config.globalPrefix);
    if (namespace === undefined) {
      this.unclaimed?.add(socket);
      return;
    }
    // A fragment is never part of a request a client means; in the query it would read differently to a proxy.
    if (namespace === MALFORMED_PATH || target.includes('#')) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
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
      onion: this.onion,
      registry: this.registry,
      socketEvent: this.socketEvent,
      history: this.history,
      socketClose: this.socketClose,
      metrics: this.metrics,
      logger: this.logger,
      maxPendingPackets: config.maxPendingPackets,
      enterDeadlines: new EnterDeadlines(config.timeout.enter),
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

const NO_PARAMS = new URLSearchParams();

/**
 * The path of a request target as sent (everything before the first `?`, never decoded or normalised:
 * `namespaceOfPath` compares it as it is) and its query values. No URL object is built.
 */
export function parseRequestUrl(url: string): { path: string; searchParams: URLSearchParams } {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return { path: url, searchParams: NO_PARAMS };
  const path = url.slice(0, queryStart);
  // URLSearchParams drops the leading `?`, so `/ws??a=1` reads the key `?a` as WHATWG URL does.
  return { path, searchParams: queryStart === url.length - 1 ? NO_PARAMS : new URLSearchParams(url.slice(queryStart)) };
}
