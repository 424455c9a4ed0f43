import { type Server } from 'node:http';
import { type Socket } from 'node:net';
import { closeServer, listenLocal } from './httpListen.js';
import { type IRunningServer } from './system.js';

/**
 * An HTTP server of the keep-alive reference rows, listening on 127.0.0.1:`port`. It answers RPC only
 * (`POST /api/echo`): it has no broadcast, and its connection count is its open TCP connections.
 */
export async function startHttpEchoServer(server: Server, port: number): Promise<IRunningServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listenLocal(server, port);
  return {
    broadcast() {
      throw new Error('an HTTP reference server has no broadcast: it runs in the rpc scenario only');
    },
    connectionCount: () => sockets.size,
    close: () => closeServer(server),
  };
}
