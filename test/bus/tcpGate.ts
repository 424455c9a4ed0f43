import net from 'node:net';

/**
 * A TCP forwarder in front of the real Redis that the test can shut, as a network outage or a
 * Redis restart would: shutting destroys every forwarded connection and resets new ones at once;
 * opening forwards again on the same port. The bytes are Redis's own, nothing is imitated.
 */
export class TcpGate {
  private readonly server: net.Server;
  private readonly pairs = new Set<net.Socket>();
  private isOpen: boolean;

  private constructor(
    private readonly target: { host: string; port: number },
    open: boolean,
  ) {
    this.isOpen = open;
    this.server = net.createServer(client => this.accept(client));
  }

  /** Starts listening on a free loopback port; `open: false` starts as an outage. */
  static async start(targetUrl: string, options: { open: boolean }): Promise<TcpGate> {
    const url = new URL(targetUrl);
    const gate = new TcpGate({ host: url.hostname, port: Number(url.port || 6379) }, options.open);
    await new Promise<void>(resolve => gate.server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `targetUrl` with the gate in place of the target's host and port (credentials and db kept). */
  urlFor(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  open(): void {
    this.isOpen = true;
  }

  /** Cuts every forwarded connection; until `open()`, new ones are reset as soon as they arrive. */
  shut(): void {
    this.isOpen = false;
    for (const socket of this.pairs) socket.destroy();
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.shut();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (!this.isOpen) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.pairs.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.pairs.delete(socket);
        other.destroy();
      });
      socket.pipe(other);
    }
  }
}
