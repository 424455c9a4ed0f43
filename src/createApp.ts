import { SocketApp, type ISocketAppOptions } from './lib/app.js';
import { moduleASocket } from './moduleASocket.js';

/** Creates an app with the built-in `a-socket` module and the given ones; onion order is checked here. */
export function createApp(options: ISocketAppOptions = {}): SocketApp {
  return new SocketApp(moduleASocket, options);
}
