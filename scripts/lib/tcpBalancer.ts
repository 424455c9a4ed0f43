/**
 * A TCP load balancer for tests and the chaos run, on node:net only: what sits in front of several app processes
 * in production (no sticky sessions). Each incoming connection goes to the next backend round-robin; a backend
 * that refuses (a process restarting) is skipped for the next one; with none left the client's socket is
 * destroyed, as a balancer with no healthy backend does. The backend list can change at any time, and all
 * connections to one backend can be dropped at once (a network partition, a crashed machine).
 */
import net from 'node:net';

export interface TcpBalancerOptions {
  /** Backend ports on `host`, in round-robin order. */
  backends: readonly number[];
  /** Where the backends listen and where the balancer listens. Default 127.0.0.1. */
  host?: string;
  /** The balancer's own port; default 0 (a free one). */
  port?: number;
}

export interface TcpBalancer {
  /** The port the balancer listens on. */
  readonly port: number;
  /** The backends new connections go to. */
  readonly backends: readonly number[];
  /** Replaces the backend list: new connections only go there; open ones stay where they are. */
  setBackends(ports: readonly number[]): void;
  /** Open proxied connections per backend port. */
  connectionCounts(): Map<number, number>;
  /** Destroys every proxied connection to `port` (both sides, no close handshake); returns how many. */
  dropBackend(port: number): number;
  /** Connections that found no backend accepting them, in total. */
  readonly unrouted: number;
  /** Stops listening and destroys every proxied connection. */
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  backend: number;
}

export async function startTcpBalancer(options: TcpBalancerOptions): Promise<TcpBalancer> {
  const host = options.host ?? '127.0.0.1';
  let backends: number[] = [...options.backends];
  let next = 0;
  let unrouted = 0;
  const pairs = new Set<Pair>();

  /** Tries the backends from the next round-robin one on; calls back with a connected socket or none. */
  const connectUpstream = (tried: number, done: (socket: net.Socket | undefined, backend: number) => void) => {
    if (tried >= backends.length) {
      done(undefined, -1);
      return;
    }
    const backend = backends[next++ % backends.length];
    const upstream = net.connect({ host, port: backend });
    const onError = () => {
      upstream.destroy();
      connectUpstream(tried + 1, done);
    };
    upstream.once('error', onError);
    upstream.once('connect', () => {
      upstream.off('error', onError);
      done(upstream, backend);
    });
  };

  const server = net.createServer(client => {
    // Nothing is read until the upstream exists: bytes sent meanwhile wait in the socket.
    client.pause();
    client.on('error', () => client.destroy());
    connectUpstream(0, (upstream, backend) => {
      if (!upstream) {
        unrouted++;
        client.destroy();
        return;
      }
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      const pair: Pair = { client, upstream, backend };
      pairs.add(pair);
      const end = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end);
      client.on('error', end);
      upstream.on('close', end);
      client.on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get backends() {
      return backends;
    },
    setBackends(ports) {
      backends = [...ports];
    },
    connectionCounts() {
      const counts = new Map<number, number>();
      for (const pair of pairs) counts.set(pair.backend, (counts.get(pair.backend) ?? 0) + 1);
      return counts;
    },
    dropBackend(backend) {
      let dropped = 0;
      for (const pair of [...pairs]) {
        if (pair.backend !== backend) continue;
        pairs.delete(pair);
        pair.client.destroy();
        pair.upstream.destroy();
        dropped++;
      }
      return dropped;
    },
    get unrouted() {
      return unrouted;
    },
    async close() {
      const closed = new Promise<void>(resolve => server.close(() => resolve()));
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await closed;
    },
  };
}
