import net from 'node:net';

/**
 * A TCP forwarder in front of the real Redis that holds back what the test says, to force the
 * orderings a real network produces only by chance. The bytes are Redis's own, nothing is imitated.
 * - `holdReplies()`: commands still reach Redis and run, but the client hears nothing, as when a
 *   connection dies between Redis executing a command and its answer arriving; `cut()` then drops
 *   every connection with the held replies, so the client cannot know what ran.
 * - `holdConnectionsNamed(name)`: a new connection whose handshake names `name` (CLIENT SETNAME)
 *   gets no further until `releaseConnections()`: one of a client's connections is slow to come up.
 */
export class RedisProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private holding = false;
  private heldName?: string;
  private readonly held: (() => void)[] = [];

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer(client => this.accept(client));
  }

  static async start(targetUrl: string): Promise<RedisProxy> {
    const url = new URL(targetUrl);
    const proxy = new RedisProxy({ host: url.hostname, port: Number(url.port || 6379) });
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

  holdConnectionsNamed(name: string): void {
    this.heldName = name;
  }

  /** Lets the held connections' commands through, in the order they were sent. */
  releaseConnections(): void {
    this.heldName = undefined;
    for (const release of this.held.splice(0)) release();
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
    const pending: Buffer[] = [];
    let forward = (chunk: Buffer) => void upstream.write(chunk);
    client.on('data', (chunk: Buffer) => {
      if (pending.length === 0 && this.heldName !== undefined && chunk.includes(this.heldName)) {
        forward = held => void pending.push(held);
        this.held.push(() => {
          for (const chunk of pending.splice(0)) upstream.write(chunk);
          forward = later => void upstream.write(later);
        });
      }
      forward(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.holding) client.write(chunk);
    });
  }
}
