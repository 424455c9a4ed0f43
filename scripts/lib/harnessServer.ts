import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { createApp, type ILogger, type IPassportVerifier, type SocketApp } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { type DeepPartial } from '../../src/core/util.js';
import { type ISocketConfig } from '../../src/types/config.js';

/** What the harness log saw, by level: fuzz and soak runs are quiet, yet must tell whether errors were logged. */
export interface ILogCounts {
  debug: number;
  info: number;
  warn: number;
  error: number;
  /** The first error lines, for a failure report. */
  firstErrors: string[];
}

export interface IHarnessServer {
  app: SocketApp;
  port: number;
  log: ILogCounts;
  /** `ws://127.0.0.1:<port>/ws<path>` */
  url(path?: string): string;
  close(): Promise<void>;
}

/** Passport codes `valid:<name>` are that user; `valid:<name>:<expiresAt>` also expires then. */
export const harnessPassport: IPassportVerifier = {
  verify(code) {
    const [scheme, name, expiresAt] = code.split(':');
    if (scheme !== 'valid' || !name) return undefined;
    if (expiresAt === undefined) return { name, anonymous: false };
    return /^\d{1,15}$/.test(expiresAt) ? { name, anonymous: false, expiresAt: Number(expiresAt) } : undefined;
  },
};

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** POST /api/echo → the body, GET /api/echo → the query, /api/slow never answers, /api/fail → 500, else 404. */
export const harnessApi: http.RequestListener = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/slow') return;
  if (url.pathname === '/api/fail') return json(res, 500, { message: 'failed on purpose' });
  if (url.pathname !== '/api/echo') return json(res, 404, { message: `no route ${req.method} ${url.pathname}` });
  if (req.method === 'GET') return json(res, 200, Object.fromEntries(url.searchParams));
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString();
    res.writeHead(200, { 'content-type': 'application/json' }).end(text || 'null');
  });
};

function countingLogger(log: ILogCounts): ILogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, ...details: unknown[]) => {
      log[level]++;
      if (level === 'error' && log.firstErrors.length < 5) {
        const detail = details[0] instanceof Error ? `: ${details[0].message}` : '';
        log.firstErrors.push(`${message}${detail}`);
      }
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An http server on a free loopback port with an a-socket app: executor over `harnessApi`, `harnessPassport`. */
export async function startHarnessServer(config: DeepPartial<ISocketConfig> = {}): Promise<IHarnessServer> {
  const log: ILogCounts = { debug: 0, info: 0, warn: 0, error: 0, firstErrors: [] };
  const server = http.createServer(harnessApi);
  const app = createApp({
    server,
    executor: createRequestListenerExecutor(harnessApi),
    passport: harnessPassport,
    logger: countingLogger(log),
    config: { modules: { 'a-socket': config } },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  await app.appReady();
  const port = (server.address() as AddressInfo).port;
  return {
    app,
    port,
    log,
    url: (path = '') => `ws://127.0.0.1:${port}/ws${path}`,
    async close() {
      await app.appClose();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
