import { io } from 'socket.io-client';
import { BROADCAST_EVENT } from '../lib/system.js';
import { type IBenchClient, type IConnectOptions } from './client.js';

/** socket.io-client over the websocket transport; the handshake is complete at the namespace's `connect`. */
export function connectSocketIo(url: string, options: IConnectOptions): Promise<IBenchClient> {
  return new Promise((resolve, reject) => {
    // forceNew: without it every io() to the same URL shares one Manager, so one connection for all clients.
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: options.timeoutMs,
    });
    let closing = false;

    const client: IBenchClient = {
      call(body, onAnswer) {
        socket.emit('rpc', body, () => onAnswer());
      },
      setEventListener(listener) {
        socket.off(BROADCAST_EVENT);
        socket.on(BROADCAST_EVENT, () => listener());
      },
      close() {
        closing = true;
        socket.disconnect();
      },
    };

    socket.once('connect', () => resolve(client));
    socket.once('connect_error', error => reject(error));
    socket.on('disconnect', reason => {
      if (!closing) options.onLost(`socket.io disconnected: ${reason}`);
    });
  });
}
