import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { startASocketServer } from '../lib/aSocketServer.js';
import { expressEchoApp } from '../lib/echoApps.js';
import { type IBenchSystem } from '../lib/system.js';

/** a-socket whose RPC runs through the request-listener executor into the Express app of http-express. */
export const system: IBenchSystem = {
  name: 'a-socket-express',
  description: 'a-socket, RPC through the request-listener executor into an Express 5 app',
  client: { protocol: 'wire', path: '/ws' },
  scenarios: ['rpc'],
  httpReference: 'http-express',
  start(port) {
    const app = expressEchoApp();
    return startASocketServer(port, { handler: app, executor: createRequestListenerExecutor(app) });
  },
};
