import net from 'node:net';

export interface IRawUpgradeAnswer {
  /** The status of the HTTP answer; undefined when the server ended the connection without one. */
  status: number | undefined;
  /** Everything the server wrote. */
  response: string;
  /** The client's socket, still open on its side: the caller destroys it. */
  socket: net.Socket;
}

/** A valid WebSocket upgrade request for `path`, written byte for byte as given. */
export function upgradeRequest(path: string, host = '127.0.0.1'): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n\r\n'
  );
}

/**
 * Sends a valid WebSocket upgrade request for `path` as given (a `ws` client or `new URL` would normalise
 * `/ws/%2e%2e` or `\`), and resolves once the server has ended the connection. The client never closes
 * its side first (half-open), so only a server that really closes the socket frees its descriptor, and a
 * server that leaves the socket unanswered leaves this pending.
 */
export function rawUpgrade(port: number, path: string): Promise<IRawUpgradeAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
      socket.write(upgradeRequest(path));
    });
    socket.on('data', chunk => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const response = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(response)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), response, socket });
    });
  });
}

/** Open TCP connections of `server`: upgraded and handed-over sockets count until they close. */
export function connectionsOf(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

/** Polls until `server` holds exactly `count` open connections; fails naming the last count after `timeoutMs`. */
export async function waitForConnections(server: net.Server, count: number, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let open = await connectionsOf(server); open !== count; open = await connectionsOf(server)) {
    if (Date.now() > deadline)
      throw new Error(`the server holds ${open} connections, not ${count}, after ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
