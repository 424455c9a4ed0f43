import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { createApp, createConsoleLogger, type ISocketAppOptions, type SocketApp } from '../../src/index.js';

export interface ITestServer {
  app: SocketApp;
  server: http.Server;
  port: number;
  /** `ws://127.0.0.1:<port><path>` */
  wsUrl(path?: string): string;
  close(): Promise<void>;
}

const notFound: http.RequestListener = (_req, res) => {
  res.statusCode = 404;
  res.end('not found');
};

export interface ITestServerListen {
  /** 0 (default) picks a free port; a restart passes the previous one. */
  port?: number;
  /** Called with the HTTP server before the app attaches to it (a listener registered here runs first). */
  beforeAttach?(server: http.Server): void;
}

/**
 * A real http server on a loopback port with an a-socket app attached and ready. The app is ready before the
 * server listens, so no upgrade (a client reconnecting to a restarted port, say) arrives before the app's listener.
 */
export async function startTestServer(
  options: ISocketAppOptions = {},
  listener: http.RequestListener = notFound,
  listen: ITestServerListen = {},
): Promise<ITestServer> {
  const server = http.createServer(listener);
  listen.beforeAttach?.(server);
  const app = createApp({ logger: createConsoleLogger('silent'), ...options, server });
  await app.appReady();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Closing twice (a test's own `finally` and the fixture's afterEach) closes once.
  let closing: Promise<void> | undefined;
  return {
    app,
    server,
    port,
    wsUrl: (path = '/ws') => `ws://127.0.0.1:${port}${path}`,
    close() {
      closing ??= (async () => {
        await app.appClose();
        server.closeAllConnections();
        await new Promise<void>(resolve => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
