import { currentContext } from '../core/context.js';
import { type ISocketContext } from '../types/socket.js';

/** The connection whose chain is running, or undefined outside one. */
export function currentSocketContext(): ISocketContext | undefined {
  return currentContext();
}
