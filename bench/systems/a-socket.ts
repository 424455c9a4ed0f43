import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { benchRedisBus, startASocketServer } from '../lib/aSocketServer.js';
import { echoHandler } from '../lib/echoApps.js';
import { type IBenchSystem } from '../lib/system.js';

/** a-socket with its full connection and packet chains; RPC goes through the shipped executor into `echoHandler`. */
export const system: IBenchSystem = {
  name: 'a-socket',
  description:
    'a-socket: full connection/packet chains, RPC through the request-listener executor to a plain http handler',
  client: { protocol: 'wire', path: '/ws' },
  httpReference: 'http-plain',
  start: port =>
    startASocketServer(port, { handler: echoHandler, executor: createRequestListenerExecutor(echoHandler) }),
  // Two of these share a Redis bus in the cross-process scenario.
  startCrossProcess: (port, options) =>
    startASocketServer(port, {
      handler: echoHandler,
      executor: createRequestListenerExecutor(echoHandler),
      bus: benchRedisBus(options),
      workerId: options.workerId,
    }),
};
