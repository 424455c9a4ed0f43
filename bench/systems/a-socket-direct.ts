import { SocketActionError, type IActionExecutor } from '../../src/index.js';
import { startASocketServer } from '../lib/aSocketServer.js';
import { echoHandler } from '../lib/echoApps.js';
import { type IBenchSystem } from '../lib/system.js';
import { ECHO_PATH } from '../lib/wireFrames.js';

/**
 * The same route as a direct action executor: what a-socket itself costs per call (chains, validation,
 * timeout and abort bookkeeping, framing), without an HTTP request and response injected per call.
 */
export const directExecutor: IActionExecutor = {
  // It never looks at the signal: no AbortController per call.
  perCallSignal: false,
  execute(request) {
    if (request.method !== 'post' || request.path !== ECHO_PATH) {
      return Promise.reject(new SocketActionError(404, 'Not Found'));
    }
    return Promise.resolve(request.body);
  },
};

export const system: IBenchSystem = {
  name: 'a-socket-direct',
  description: 'a-socket as above, but RPC through a direct executor (a route function, no HTTP injection)',
  httpReference: 'http-plain',
  client: { protocol: 'wire', path: '/ws' },
  start: port => startASocketServer(port, { handler: echoHandler, executor: directExecutor }),
};
