import { SocketApp, type ISocketAppOptions } from './socketApp.js';
import { moduleASocket } from './module.js';

/** Creates an app with the built-in `a-socket` module and the given ones; onion order is checked here. */
export function createApp(options: ISocketAppOptions = {}): SocketApp {
  return new SocketApp(moduleASocket, options);
}
