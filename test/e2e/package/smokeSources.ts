/**
 * One small program, written the four ways a user of the package may write it: an ES module, a CommonJS module
 * using require(), and TypeScript compiled for a `"type": "module"` project and for a CommonJS one. Each starts an
 * app with a namespace and an HTTP route on port 0, connects the Node client from `a-socket/client`, makes one
 * performAction call through `a-socket/http`'s executor, hears one broadcast and prints one JSON line; then it
 * closes everything, so the process ends by itself (a handle left open would keep it alive).
 */

/** The body shared by the .mjs and .cjs programs: plain JavaScript, so the decorator is called as a function. */
const JS_BODY = `
class SocketNamespaceSmoke extends BeanSocketNamespaceBase {}
SocketNamespace({ namespace: '/smoke' })(SocketNamespaceSmoke);

async function main(format) {
  const api = (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, via: getSocketContext(req) ? 'socket' : 'http' }));
  };
  const server = http.createServer(api);
  const app = createApp({
    server,
    modules: [defineModule({ name: 'smoke', beans: [SocketNamespaceSmoke] })],
    executor: createRequestListenerExecutor(api),
  });
  await app.appReady();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));

  const client = new WebSocketClient({ WebSocket });
  const heard = new Promise(resolve => client.on('smoke:hello', resolve));
  client.connect('ws://127.0.0.1:' + server.address().port + '/ws/smoke');
  const id = await client.ready;
  const action = await client.performAction('get', '/api/ping');
  app.socketNamespace('/smoke').broadcast('smoke:hello', { format });
  const event = await heard;
  console.log(JSON.stringify({ format, ready: typeof id === 'string', action, event }));

  await client.disconnect();
  await app.appClose();
  await new Promise(resolve => server.close(resolve));
}
`;

export const ESM_SMOKE = `import http from 'node:http';
import { WebSocket } from 'ws';
import { BeanSocketNamespaceBase, createApp, defineModule, SocketNamespace } from 'a-socket';
import { WebSocketClient } from 'a-socket/client';
import { createRequestListenerExecutor, getSocketContext } from 'a-socket/http';
${JS_BODY}
await main('esm');
`;

export const CJS_SMOKE = `'use strict';
const http = require('node:http');
const { WebSocket } = require('ws');
const { BeanSocketNamespaceBase, createApp, defineModule, SocketNamespace } = require('a-socket');
const { WebSocketClient } = require('a-socket/client');
const { createRequestListenerExecutor, getSocketContext } = require('a-socket/http');
${JS_BODY}
main('cjs').catch(error => {
  console.error(error);
  process.exitCode = 1;
});
`;

/**
 * The TypeScript program: the same source compiles in both module modes (the nearest package.json's `type` picks
 * ES module or CommonJS output under `module: nodenext`); it is decorated, typed by an augmented namespace record
 * and imports client types with `import type`. No top-level await, which CommonJS output cannot have.
 */
export const TS_SMOKE = `import { createServer, type RequestListener } from 'node:http';
import { type AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { BeanSocketNamespaceBase, createApp, defineModule, SocketNamespace } from 'a-socket';
import { WebSocketClient, type ClientState } from 'a-socket/client';
import { createRequestListenerExecutor, getSocketContext } from 'a-socket/http';

interface ISmokeEvents {
  'smoke:hello': { format: string };
}

declare module 'a-socket' {
  interface ISocketNamespaceRecord {
    '/smoke': ISmokeEvents;
  }
}

@SocketNamespace({ namespace: '/smoke' })
class SocketNamespaceSmoke extends BeanSocketNamespaceBase<ISmokeEvents> {}

async function main(format: string): Promise<void> {
  const api: RequestListener = (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, via: getSocketContext(req) ? 'socket' : 'http' }));
  };
  const server = createServer(api);
  const app = createApp({
    server,
    modules: [defineModule({ name: 'smoke', beans: [SocketNamespaceSmoke] })],
    executor: createRequestListenerExecutor(api),
  });
  await app.appReady();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));

  const client = new WebSocketClient<ISmokeEvents>({ WebSocket });
  const heard = new Promise<ISmokeEvents['smoke:hello']>(resolve => client.on('smoke:hello', resolve));
  client.connect(\`ws://127.0.0.1:\${(server.address() as AddressInfo).port}/ws/smoke\`);
  const id: string = await client.ready;
  const state: ClientState = client.state;
  const action = await client.performAction('get', '/api/ping');
  app.socketNamespace('/smoke').broadcast('smoke:hello', { format });
  const event = await heard;
  console.log(JSON.stringify({ format, ready: typeof id === 'string' && state === 'ready', action, event }));

  await client.disconnect();
  await app.appClose();
  await new Promise(resolve => server.close(resolve));
}

main(process.argv[2] ?? 'ts').catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/**
 * The tsconfig of the TypeScript program, for both module modes. No outDir: each .js lands beside its .ts, under
 * the package.json that says how Node must load it.
 */
export const TS_SMOKE_CONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: false,
    types: ['node'],
  },
  include: ['esm', 'cjs'],
};

/**
 * For each entry named on the command line: `require()` and `import()` give one and the same module (one instance
 * for both, so no class exists twice and `instanceof` holds across the two), with exports.
 */
export const ENTRY_CHECK = `'use strict';
async function main() {
  const report = {};
  for (const specifier of process.argv.slice(2)) {
    const required = require(specifier);
    const imported = await import(specifier);
    report[specifier] = { same: required === imported, exports: Object.keys(imported).length > 0 };
  }
  console.log(JSON.stringify(report));
}
main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
`;
