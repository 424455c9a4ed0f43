import { fastifyEchoApp } from '../lib/echoApps.js';
import { startHttpEchoServer } from '../lib/httpEchoServer.js';
import { type IBenchSystem } from '../lib/system.js';

/** The Fastify app of a-socket-fastify, over HTTP keep-alive (its own server). */
export const system: IBenchSystem = {
  name: 'http-fastify',
  description: 'HTTP keep-alive reference: POST /api/echo on Fastify 5, requests pipelined',
  client: { protocol: 'http', path: '/' },
  scenarios: ['rpc'],
  async start(port) {
    const app = await fastifyEchoApp();
    return startHttpEchoServer(app.server, port);
  },
};
