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

/** A real http server on a free loopback port with an a-socket app attached and ready. */
export async function startTestServer(
  options: ISocketAppOptions = {},
  listener: http.RequestListener = notFound,
): Promise<ITestServer> {
  const server = http.createServer(listener);
  const app = createApp({ logger: createConsoleLogger('silent'), ...options, server });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  await app.appReady();
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
