import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { startASocketServer } from '../lib/aSocketServer.js';
import { fastifyEchoApp } from '../lib/echoApps.js';
import { type IBenchSystem } from '../lib/system.js';

/** a-socket whose RPC runs through the request-listener executor into the Fastify app of http-fastify. */
export const system: IBenchSystem = {
  name: 'a-socket-fastify',
  description: 'a-socket, RPC through the request-listener executor into a Fastify 5 app (fastify.routing)',
  client: { protocol: 'wire', path: '/ws' },
  scenarios: ['rpc'],
  httpReference: 'http-fastify',
  async start(port) {
    const app = await fastifyEchoApp();
    const routing = (req: IncomingMessage, res: ServerResponse) => app.routing(req, res);
    return startASocketServer(port, { handler: routing, executor: createRequestListenerExecutor(routing) });
  },
};
