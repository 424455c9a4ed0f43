import {
  BeanSocketNamespaceBase,
  defineModule,
  SocketNamespace,
  type IPassportVerifier,
  type ISocketAppOptions,
  type ISysReadyHistoryPayload,
} from '../../../src/index.js';
import { startTestServer, type ITestServer } from '../../support/testServer.js';
import { TestClient } from '../../support/wsClient.js';

/** `/feed` keeps history; `/plain` does not: the same app shows both behaviours. */
@SocketNamespace({ namespace: '/feed', history: { size: 100, ttl: 60_000 } })
export class SocketNamespaceFeed extends BeanSocketNamespaceBase<{ tick: { seq: number }; note: string }> {}

@SocketNamespace({ namespace: '/plain' })
export class SocketNamespacePlain extends BeanSocketNamespaceBase<{ tick: { seq: number } }> {}

/** History of three events: a client that misses more cannot recover. */
@SocketNamespace({ namespace: '/tiny', history: { size: 3, ttl: 60_000 } })
export class SocketNamespaceTiny extends BeanSocketNamespaceBase<{ tick: { seq: number } }> {}

export const moduleFeed = defineModule({
  name: 'test-feed',
  beans: [SocketNamespaceFeed, SocketNamespacePlain, SocketNamespaceTiny],
});

/** Passport codes are user names ("alice"); no code: anonymous. */
export const namePassport: IPassportVerifier = {
  verify: code => (code === 'bad' ? undefined : { id: code, name: code, anonymous: false }),
};

/** A clock tests move by hand: the stores measure ttl with it. */
export class ManualClock {
  at = Date.now();
  readonly now = (): number => this.at;
}

/** Servers and clients of one test, closed together after it. */
export class HistoryTestBed {
  readonly servers: ITestServer[] = [];
  readonly clients: TestClient[] = [];

  async start(options: ISocketAppOptions = {}): Promise<ITestServer> {
    const server = await startTestServer({ modules: [moduleFeed], ...options });
    this.servers.push(server);
    return server;
  }

  client(url: string): TestClient {
    const client = new TestClient(url);
    this.clients.push(client);
    return client;
  }

  /** Connects and waits for sysReady; returns the client and its sysReady payload. */
  async connect(url: string): Promise<{ client: TestClient; ready: ISysReadyHistoryPayload }> {
    const client = this.client(url);
    const event = await client.nextEvent(e => e.name === '_a');
    return { client, ready: event.data as ISysReadyHistoryPayload };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.splice(0).map(client => client.close()));
    await Promise.all(this.servers.splice(0).map(server => server.close()));
  }
}

/** The URL of a reconnect that asks to recover after `offset` of `epoch` with `session`. */
export function recoveryUrl(base: string, session: string, epoch: string, offset: string, extra = ''): string {
  const query = `x-socket-session=${encodeURIComponent(session)}&x-socket-epoch=${encodeURIComponent(epoch)}&x-socket-offset=${encodeURIComponent(offset)}`;
  return `${base}${base.includes('?') ? '&' : '?'}${query}${extra}`;
}
