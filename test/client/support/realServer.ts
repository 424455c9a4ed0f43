import http from 'node:http';
import { type IPassportVerifier, type ISocketAppOptions, type SocketApp } from '../../../src/index.js';
import { createRequestListenerExecutor } from '../../../src/executor/index.js';
import { testApi } from '../../support/listeners.js';
import { startTestServer } from '../../support/testServer.js';

/** The passport code the verifier accepts; any other code is refused (close 1008). */
export const ALICE_CODE = 'code-of-alice';

const passport: IPassportVerifier = {
  verify: code => (code === ALICE_CODE ? { id: 'u1', name: 'alice', anonymous: false } : undefined),
};

/**
 * A real a-socket server for the client SDK: the shared test API (echo, whoami, slow never answers,
 * anything unknown 404) plus `/api/fail` (500), reached over HTTP and over performAction alike.
 */
export interface RealServer {
  app: SocketApp;
  port: number;
  /** `ws://127.0.0.1:<port>/ws<namespace>` with an optional passport code. */
  wsUrl(options?: { namespace?: string; passportCode?: string }): string;
  /** Paths the HTTP API was asked for, in order, whichever way the request came. */
  readonly requests: string[];
  /** WebSocket upgrade requests received, accepted or not: counts the client's attempts. */
  readonly upgrades: number;
  /** appClose (clients get 1001), then the HTTP server; idempotent. */
  close(): Promise<void>;
}

export interface RealServerOptions {
  /** 0 (default) picks a free port; a restart passes the previous one. */
  port?: number;
  performAction?: { timeout?: number; maxInFlight?: number };
  /** While it returns false the server closes new connections with 1013. */
  isReady?: ISocketAppOptions['isReady'];
}

/** `startTestServer` with the client tests' API and passport; a restart passes the previous port. */
export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  const requests: string[] = [];
  const api: http.RequestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    if (path === '/api/fail') {
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ message: 'the handler failed on purpose' }));
      return;
    }
    testApi(req, res);
  };
  let upgrades = 0;
  const started = await startTestServer(
    {
      passport,
      executor: createRequestListenerExecutor(api),
      isReady: options.isReady,
      config: { modules: { 'a-socket': { performAction: options.performAction ?? {} } } },
    },
    api,
    // Counted before the app's own upgrade listener, so refused upgrades count too.
    { port: options.port, beforeAttach: server => server.on('upgrade', () => upgrades++) },
  );
  const { app, port } = started;
  return {
    app,
    port,
    requests,
    get upgrades() {
      return upgrades;
    },
    wsUrl({ namespace = '', passportCode } = {}) {
      const query = passportCode === undefined ? '' : `?x-vona-passport-code=${encodeURIComponent(passportCode)}`;
      return `ws://127.0.0.1:${port}/ws${namespace}${query}`;
    },
    close: () => started.close(),
  };
}
