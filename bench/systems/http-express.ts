import http from 'node:http';
import { expressEchoApp } from '../lib/echoApps.js';
import { startHttpEchoServer } from '../lib/httpEchoServer.js';
import { type IBenchSystem } from '../lib/system.js';

/** The Express app of a-socket-express, over HTTP keep-alive. */
export const system: IBenchSystem = {
  name: 'http-express',
  description: 'HTTP keep-alive reference: POST /api/echo on Express 5 (express.json, res.json), requests pipelined',
  client: { protocol: 'http', path: '/' },
  scenarios: ['rpc'],
  start: port => startHttpEchoServer(http.createServer(expressEchoApp()), port),
};
