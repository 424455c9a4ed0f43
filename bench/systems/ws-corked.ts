import { type Socket } from 'node:net';
import WebSocket from 'ws';
import { startWsJsonServer } from '../lib/wsJsonServer.js';
import { BROADCAST_EVENT, type IBenchSystem } from '../lib/system.js';

/** ws keeps its net.Socket in a private field; corking it is the whole point of this system. */
function underlyingSocket(client: WebSocket): Socket {
  return (client as unknown as { _socket: Socket })._socket;
}

/**
 * The practical broadcast ceiling on raw ws: each client's socket stays corked until the end of the
 * tick, so every broadcast of one tick leaves in one write per client instead of one per message.
 * RPC and handshakes are the same as ws-raw.
 */
export const system: IBenchSystem = {
  name: 'ws-corked',
  description: 'raw ws broadcast that corks each socket until the end of the tick: one write per client per tick',
  httpReference: 'http-plain',
  client: { protocol: 'ws-json', path: '/' },
  async start(port) {
    const { wss, close } = await startWsJsonServer(port);
    const corked = new Set<Socket>();
    const uncorkAll = () => {
      for (const socket of corked) socket.uncork();
      corked.clear();
    };
    return {
      broadcast(message) {
        const frame = JSON.stringify([BROADCAST_EVENT, message]);
        if (corked.size === 0) process.nextTick(uncorkAll);
        for (const client of wss.clients) {
          if (client.readyState !== WebSocket.OPEN) continue;
          const socket = underlyingSocket(client);
          if (!corked.has(socket)) {
            socket.cork();
            corked.add(socket);
          }
          client.send(frame);
        }
      },
      connectionCount: () => wss.clients.size,
      close,
    };
  },
};
