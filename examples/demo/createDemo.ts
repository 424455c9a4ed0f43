import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import {
  createApp,
  createConsoleLogger,
  type IBroadcastBus,
  type ILogger,
  type ISocketAppOptions,
  type SocketApp,
} from '../../src/index.js';
import { RedisBus, RedisHistory, RedisSessionStore } from '../../src/bus/redis/index.js';
import { createRequestListenerExecutor, type RequestListener } from '../../src/executor/index.js';
import { moduleSsrHmr } from '../ssrhmr/index.js';
import { DEFAULT_HOST } from './demoEnv.js';
import { moduleDemoChat } from './module.js';
import { createTokenPassportVerifier, PassportTokens } from './passportToken.js';
import { createDemoRoutes } from './routes.js';

export interface IDemoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (tests); `main.ts` passes 7102. */
  port?: number;
  /** Browser origins allowed to open sockets besides the server's own. */
  allowedOrigins?: readonly string[];
  /** Secret of the identity tokens; random per process by default (tokens die with the process). */
  secret?: string;
  /** Set → the processes sharing it broadcast to each other's clients (see `chooseBus`). */
  redisUrl?: string;
  logger?: ILogger;
}

export interface IDemo {
  app: SocketApp;
  server: http.Server;
  /** `http://<host>:<port>` with the port actually bound. */
  url: string;
  port: number;
  /**
   * Closes every socket (1001, exit chains run), then the HTTP server. Idempotent. `{ restart: true }` closes
   * the sockets with 1012 and a retry hint instead (a rolling restart: clients reconnect elsewhere and recover).
   */
  close(options?: { restart?: boolean }): Promise<void>;
}

/** The retry hint of a restart close: clients reconnect within this many ms, spread over it. */
export const RESTART_RETRY_AFTER_MS = 1000;

/** How long `close()` lets HTTP requests in progress finish before cutting their connections. */
const HTTP_CLOSE_GRACE_MS = 2000;

/**
 * Starts the demo: an http server whose routes (`routes.ts`) are served over HTTP and over the socket,
 * with the ssrhmr and demo-chat modules, token identity and the origin policy. Resolves once both
 * HTTP and WebSocket connections are accepted.
 */
export async function startDemo(options: IDemoOptions = {}): Promise<IDemo> {
  const host = options.host ?? DEFAULT_HOST;
  const logger = options.logger ?? createConsoleLogger('info');
  const tokens = new PassportTokens(options.secret ?? randomBytes(32));
  // Readable in logs and in Redis's CLIENT LIST (the bus connections are named after it): host and pid.
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const server = http.createServer();
  // The executor and the server share one listener. The routes need the app, which needs the
  // executor, so the listener looks the routes up when called; no request arrives before they exist.
  const listener: RequestListener = (request, response) => routes(request, response);
  const app = createApp({
    server,
    workerId,
    modules: [moduleSsrHmr, moduleDemoChat],
    config: { modules: { 'a-socket': { cors: { origins: [...(options.allowedOrigins ?? [])] } } } },
    passport: createTokenPassportVerifier(tokens),
    executor: createRequestListenerExecutor(listener),
    bus: chooseBus(options.redisUrl, workerId, logger),
    ...chooseHistory(options.redisUrl, workerId, logger),
    logger,
  });
  const routes = createDemoRoutes({ app, tokens, logger });
  server.on('request', listener);

  await app.appReady();
  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    await app.appClose();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (closeOptions: { restart?: boolean } = {}) =>
    (closing ??= closeDemo(app, server, closeOptions.restart === true));
  return { app, server, url: `http://${host}:${port}`, port, close };
}

// ---------------------------------------------------------------------------------------------
// THE ONE PLACE WHERE THE BROADCAST BUS IS CHOSEN.
// Without a bus everything stays in this process, which is all a single process needs. REDIS_URL asks
// for the Redis bus: every process with the same URL and prefix reaches the others' clients. Redis
// being down does not stop the demo from starting (RedisBus `subscribeWaitMs`, docs/scaling.md).
// ---------------------------------------------------------------------------------------------
function chooseBus(redisUrl: string | undefined, workerId: string, logger: ILogger): IBroadcastBus | undefined {
  if (redisUrl === undefined) return undefined;
  const bus = new RedisBus({
    url: redisUrl,
    prefix: process.env.REDIS_PREFIX ?? 'a-socket-demo',
    name: workerId,
    logger,
  });
  logger.info(`broadcast bus: Redis pub/sub on channel ${bus.channel}, worker ${workerId}`);
  return bus;
}

/**
 * History of `/feed` and `/chat`: in this process without REDIS_URL (the app's default), else a Redis Stream per
 * namespace and Redis session records under the same prefix as the bus, so that any process replays any
 * client's gap.
 */
function chooseHistory(
  redisUrl: string | undefined,
  workerId: string,
  logger: ILogger,
): Pick<ISocketAppOptions, 'history' | 'sessions'> {
  if (redisUrl === undefined) return {};
  const prefix = process.env.REDIS_PREFIX ?? 'a-socket-demo';
  logger.info(`history: Redis Streams under ${prefix}:history:*, sessions under ${prefix}:session:*`);
  return {
    history: new RedisHistory({ url: redisUrl, prefix, name: workerId, logger }),
    sessions: new RedisSessionStore({ url: redisUrl, prefix, name: workerId, logger }),
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new Error(`could not listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function closeDemo(app: SocketApp, server: http.Server, restart: boolean): Promise<void> {
  // Stop taking new HTTP connections first; upgraded sockets still count for server.close, so the app
  // must close them before the server can finish.
  const serverClosed = new Promise<void>(resolve => server.close(() => resolve()));
  await app.appClose(restart ? { restart: { retryAfterMs: RESTART_RETRY_AFTER_MS } } : {});
  const grace = setTimeout(() => server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
  await serverClosed;
  clearTimeout(grace);
}
