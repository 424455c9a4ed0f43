import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { listenLocal } from '../lib/httpListen.js';
import { BROADCAST_EVENT, type IBenchSystem } from '../lib/system.js';

const NAMESPACE = '/bench';

/** socket.io 4 as people deploy it for this job: acks for RPC, namespace emit for broadcast. */
export const system: IBenchSystem = {
  name: 'socketio',
  description: "socket.io 4, websocket transport only: acks for rpc, io.of('/bench').emit for broadcast",
  httpReference: 'http-plain',
  client: { protocol: 'socketio', path: NAMESPACE },
  async start(port) {
    const server = createServer();
    const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
    const namespace = io.of(NAMESPACE);
    namespace.on('connection', socket => {
      socket.on('rpc', (data: unknown, ack: (data: unknown) => void) => ack(data));
    });
    await listenLocal(server, port);
    return {
      broadcast(message) {
        namespace.emit(BROADCAST_EVENT, message);
      },
      connectionCount: () => namespace.sockets.size,
      async close() {
        // io.close() closes the http server as well; dropping its connections first keeps it from waiting.
        server.closeAllConnections();
        await io.close();
      },
    };
  },
};
