/**
 * `a-socket/http`: the action executor that runs performAction calls through a Node request listener (Express,
 * Koa, Fastify, plain `http`), and the look-up of the calling socket from inside a route.
 */
export { createRequestListenerExecutor, DEFAULT_DROPPED_HEADERS } from './requestListenerExecutor.js';
export type { RequestListener, IRequestListenerExecutorOptions } from './requestListenerExecutor.js';
export { getSocketContext } from './requestSocketContext.js';
