import { SocketApp, type ISocketAppOptions } from './lib/app.js';
import { moduleASocket } from './moduleASocket.js';
import { ServiceOnion } from './service/onion.js';

/** Creates an app with the built-in `a-socket` module and the given ones; onion order is checked here. */
export function createApp(options: ISocketAppOptions = {}): SocketApp {
  const app = new SocketApp(moduleASocket, options);
  // Sort both scenes now: a cycle or an unknown onion name fails start-up, not the first connection.
  const onion = app.bean(ServiceOnion);
  onion.onions('socketConnection');
  onion.onions('socketPacket');
  return app;
}
