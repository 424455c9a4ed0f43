import net from 'node:net';

/**
 * A TCP forwarder in front of the real Redis that can hold back Redis's replies: commands still
 * reach Redis and run, but the client hears nothing, as when a connection dies between Redis
 * executing a command and its answer arriving. `cut()` then drops every connection with the held
 * replies, so the client cannot know what ran. New connections are forwarded normally again.
 */
export class ReplyHoldingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private holding = false;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer(client => this.accept(client));
  }

  static async start(targetUrl: string): Promise<ReplyHoldingProxy> {
    const url = new URL(targetUrl);
    const proxy = new ReplyHoldingProxy({ host: url.hostname, port: Number(url.port || 6379) });
    await new Promise<void>(resolve => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `targetUrl` with the proxy in place of the target's host and port (credentials and db kept). */
  urlFor(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as net.AddressInfo).port);
    return url.toString();
  }

  /** From now on Redis's replies are swallowed until `cut()`. */
  holdReplies(): void {
    this.holding = true;
  }

  /** Drops every forwarded connection (and the replies held for it); later connections are forwarded in full. */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.holding = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!this.holding) client.write(chunk);
    });
  }
}
