import http from 'node:http';
import { createRequestListenerExecutor } from '../../src/index.js';
import { benchRedisBus, startASocketServer } from '../lib/aSocketServer.js';
import { type IBenchSystem } from '../lib/system.js';
import { ECHO_PATH } from '../lib/wireFrames.js';

/** The host app's HTTP API: `POST /api/echo` answers with the JSON body, anything else is 404. */
export const echoHandler: http.RequestListener = (req, res) => {
  if (req.method !== 'POST' || req.url !== ECHO_PATH) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
};

/** a-socket with its full connection and packet chains; RPC goes through the shipped executor into `echoHandler`. */
export const system: IBenchSystem = {
  name: 'a-socket',
  description: 'a-socket: full connection/packet chains, RPC through the request-listener executor to POST /api/echo',
  client: { protocol: 'wire', path: '/ws' },
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
