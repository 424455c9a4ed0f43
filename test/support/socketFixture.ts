import type http from 'node:http';
import { afterEach } from '@jest/globals';
import { type ClientOptions } from 'ws';
import { type ISocketAppOptions } from '../../src/index.js';
import { startTestServer, type ITestServer } from './testServer.js';
import { TestClient } from './wsClient.js';

/** Clients opened for one test, closed together: what every socket test used to keep as its own array. */
export class ClientPool {
  private readonly open: TestClient[] = [];

  /** A raw client on `url`, closed by `closeAll()`. */
  client(url: string, options?: ClientOptions): TestClient {
    const client = new TestClient(url, options);
    this.open.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map(client => client.close()));
  }
}

/** One test file's servers and clients, torn down after each test (see `useSocketFixture`). */
export interface ISocketFixture {
  /** Starts a test server (`startTestServer`), closed after the test. */
  start(options?: ISocketAppOptions, listener?: http.RequestListener): Promise<ITestServer>;
  /** The server of this test's last `start()`. */
  readonly server: ITestServer;
  /** A raw client on `target`: a `ws://` URL, or a path on this test's last server (`/ws/chat`). */
  client(target: string, options?: ClientOptions): TestClient;
  /** `client()`, once it has its sysReady. */
  connect(target: string, options?: ClientOptions): Promise<TestClient>;
  /** Anything else to close after the test (a demo process, a bus), after the clients, before the servers. */
  defer(close: () => Promise<void> | void): void;
}

/**
 * The start/connect/teardown every socket test repeats, in one place: call it in a `describe` (or at the top of a
 * file); after each test the clients close first (their exit chains run while the server is up), then what was
 * deferred, then the servers, in reverse order of start.
 */
export function useSocketFixture(): ISocketFixture {
  const clients = new ClientPool();
  const deferred: (() => Promise<void> | void)[] = [];
  const servers: ITestServer[] = [];

  afterEach(async () => {
    await clients.closeAll();
    for (const close of deferred.splice(0).reverse()) await close();
    for (const server of servers.splice(0).reverse()) await server.close();
  });

  const fixture: ISocketFixture = {
    async start(options, listener) {
      const server = await startTestServer(options, listener);
      servers.push(server);
      return server;
    },
    get server() {
      const server = servers.at(-1);
      if (!server) throw new Error('useSocketFixture: no server started in this test yet (call start() first)');
      return server;
    },
    client(target, options) {
      return clients.client(target.startsWith('ws') ? target : fixture.server.wsUrl(target), options);
    },
    async connect(target, options) {
      const client = fixture.client(target, options);
      await client.ready();
      return client;
    },
    defer(close) {
      deferred.push(close);
    },
  };
  return fixture;
}
