import { type IncomingMessage } from 'node:http';
import { type ISocketContext } from '../types/socket.js';

const contextOfRequest = new WeakMap<IncomingMessage, ISocketContext>();

/** Marks an injected request as coming from a socket; only the executor does this, so a client cannot forge it. */
export function attachSocketContext(request: IncomingMessage, ctx: ISocketContext): void {
  contextOfRequest.set(request, ctx);
}

/**
 * The socket connection a request was injected for by `createRequestListenerExecutor`, or undefined for
 * an ordinary HTTP request. Route handlers take the socket's identity from here (`ctx.user`), never from headers.
 */
export function getSocketContext(request: IncomingMessage): ISocketContext | undefined {
  return contextOfRequest.get(request);
}
