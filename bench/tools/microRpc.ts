/**
 * `npm run bench:micro -- [--calls N] [--batch B] [--executor direct|adapter|express|fastify|both|all]
 * [--rounds R]`: the server's own JavaScript cost per RPC, without the network. One real connection is opened in-process;
 * then its server-side socket's writes are swapped for a counter and call frames are fed straight into
 * the WebSocket's 'message' event, `batch` at a time (as if read together), the next batch once every
 * answer is written. Prints CPU µs per call. Machine noise and kernel costs stay out, so two versions
 * of the hot path compare within a few percent; the network costs are for `npm run bench`.
 */
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createApp, createConsoleLogger, type IActionExecutor, type ISocketWebSocket } from '../../src/index.js';
import { createRequestListenerExecutor } from '../../src/executor/index.js';
import { echoHandler, expressEchoApp, fastifyEchoApp } from '../lib/echoApps.js';
import { directExecutor } from '../systems/a-socket-direct.js';
import { ECHO_METHOD, ECHO_PATH, encodeEvent, SYS_PERFORM_ACTION } from '../lib/wireFrames.js';
import { rpcBody } from '../generator/payload.js';

interface IStubSocket {
  write(chunk: Buffer, cb?: () => void): boolean;
  cork(): void;
  uncork(): void;
  writableLength: number;
}

async function measure(name: string, executor: IActionExecutor, calls: number, batch: number): Promise<number> {
  const server = http.createServer(echoHandler);
  const app = createApp({
    server,
    executor,
    logger: createConsoleLogger('warn'),
    config: { modules: { 'a-socket': { timeout: { ping: 600000 } } } },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  await app.appReady();
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`);
  await new Promise(resolve => client.once('message', resolve));
  const ws = app.registry.all().next().value as ISocketWebSocket;

  let answered = 0;
  let onAnswered = () => {};
  const socket = (ws as unknown as { _socket: IStubSocket })._socket;
  // Every frame written from now on is an answer: count it instead of sending it.
  socket.write = (_chunk, cb) => {
    answered++;
    if (cb) process.nextTick(cb);
    if (answered % batch === 0) onAnswered();
    return true;
  };
  socket.cork = () => {};
  socket.uncork = () => {};
  Object.defineProperty(socket, 'writableLength', { value: 0 });

  const body = rpcBody(100);
  const frames = Array.from({ length: batch }, (_, i) =>
    Buffer.from(encodeEvent(SYS_PERFORM_ACTION, { i, m: ECHO_METHOD, p: ECHO_PATH, b: body })),
  );
  const runBatches = async (count: number) => {
    for (let n = 0; n < count; n++) {
      const done = new Promise<void>(resolve => (onAnswered = resolve));
      for (const frame of frames) ws.emit('message', frame, false);
      await done;
    }
  };
  await runBatches(Math.ceil(calls / batch / 5)); // warm-up
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runBatches(Math.ceil(calls / batch));
  const used = process.cpuUsage(cpu);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const done = Math.ceil(calls / batch) * batch;
  const perCallUs = (used.user + used.system) / done;
  process.stdout.write(
    `${name.padEnd(8)} ${perCallUs.toFixed(2).padStart(7)} µs CPU/call  ` +
      `${((wallMs * 1000) / done).toFixed(2).padStart(7)} µs wall/call  (${done} calls, batch ${batch})\n`,
  );
  client.terminate();
  await app.appClose();
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
  return perCallUs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      calls: { type: 'string', default: '200000' },
      batch: { type: 'string', default: '8' },
      executor: { type: 'string', default: 'direct' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const calls = Number(values.calls);
  const batch = Number(values.batch);
  const asked = values.executor ?? 'direct';
  const which = asked === 'both' ? ['direct', 'adapter'] : asked === 'all' ? Object.keys(EXECUTORS) : [asked];
  for (const name of which) {
    if (!(name in EXECUTORS))
      throw new Error(`--executor ${name}: one of ${Object.keys(EXECUTORS).join(', ')}, both, all`);
  }
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const name of which) {
      const { executor, share } = await EXECUTORS[name]();
      await measure(name, executor, Math.ceil(calls * share), batch);
    }
  }
}

/** The executors to measure, and the share of `--calls` each runs (the slow ones fewer). */
const EXECUTORS: Record<string, () => Promise<{ executor: IActionExecutor; share: number }>> = {
  direct: async () => ({ executor: directExecutor, share: 1 }),
  adapter: async () => ({ executor: createRequestListenerExecutor(echoHandler), share: 0.5 }),
  express: async () => ({ executor: createRequestListenerExecutor(expressEchoApp()), share: 0.05 }),
  fastify: async () => {
    const app = await fastifyEchoApp();
    return { executor: createRequestListenerExecutor((req, res) => app.routing(req, res)), share: 0.25 };
  },
};

void main();
