import http from 'node:http';
import { echoHandler } from '../lib/echoApps.js';
import { startHttpEchoServer } from '../lib/httpEchoServer.js';
import { type IBenchSystem } from '../lib/system.js';

/** The plain `http` handler of the a-socket rows, over HTTP keep-alive: the cost an RPC into it is held against. */
export const system: IBenchSystem = {
  name: 'http-plain',
  description: 'HTTP keep-alive reference: POST /api/echo on a plain node:http handler, requests pipelined',
  client: { protocol: 'http', path: '/' },
  scenarios: ['rpc'],
  start: port => startHttpEchoServer(http.createServer(echoHandler), port),
};
