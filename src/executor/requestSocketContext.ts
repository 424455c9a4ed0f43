import { type IncomingMessage } from 'node:http';
import { type ISocketContext } from '../types/socket.js';
import { kSocketContext } from './injectedRequest.js';

/**
 * The socket connection a request was injected for by `createRequestListenerExecutor`, or undefined for an
 * ordinary HTTP request. Route handlers take the socket's identity from here (`ctx.user`), never from headers.
 * Only the executor's own requests carry a context, under a key no client can name.
 */
export function getSocketContext(request: IncomingMessage): ISocketContext | undefined {
  return (request as { [kSocketContext]?: ISocketContext })[kSocketContext];
}
