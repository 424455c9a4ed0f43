import { AsyncLocalStorage } from 'node:async_hooks';
import { type ISocketContext } from '../types/socket.js';

/** The connection whose chain is running: `ctx` in beans reads it. */
export const socketContextStorage = new AsyncLocalStorage<ISocketContext>();

export function currentSocketContext(): ISocketContext | undefined {
  return socketContextStorage.getStore();
}
