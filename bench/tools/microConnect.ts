/**
 * `npm run bench:micro-connect -- [--connections N] [--rounds N]`: the server's JavaScript cost per handshake,
 * without the network. Each connection is an `upgrade` event on the host server with an in-memory socket: the
 * same path as a real upgrade (request target, ws's handshake and its `101`, the connection chain, sysReady,
 * then the close and the exit chain), but no kernel, no client and no second process. Raw ws on the same
 * sockets is measured beside it, alternating, and `a-socket − raw` is what a-socket adds per handshake.
 *
 * The connect scenario of `npm run bench` reads CPU per handshake off a busy two-core machine, where the kernel
 * and the load generator share the cores and rounds vary by ±20 %; this reading varies by a few µs, so two
 * versions of the connection path compare (run it in each worktree, alternating).
 */
import http from 'node:http';
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { createApp, createConsoleLogger } from '../../src/index.js';
import { directExecutor } from '../systems/a-socket-direct.js';

/** Bytes the servers wrote: a-socket's round must show its sysReady beside the `101`, or it measured refusals. */
let bytesWritten = 0;

/** A socket that takes every write and reads nothing: what ws and a-socket see of a client. */
class MemorySocket extends Duplex {
  readonly remoteAddress = '127.0.0.1';
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (error?: Error | null) => void): void {
    bytesWritten += chunk.length;
    cb();
  }
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
}

const HEAD = Buffer.alloc(0);
const bytesPerHandshake = new Map<string, number>();
const BATCH = 50;
const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

function upgradeRequest(socket: MemorySocket, key: string): http.IncomingMessage {
  return {
    method: 'GET',
    url: '/ws',
    headers: {
      host: '127.0.0.1',
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': key,
    },
    socket,
  } as unknown as http.IncomingMessage;
}

interface ISubject {
  name: string;
  server: http.Server;
  open(): number;
}

/** Handshakes in batches of 50 (as the bench's generator), each batch closed once it was answered. */
async function measure(subject: ISubject, connections: number): Promise<number> {
  bytesWritten = 0;
  const cpu = process.cpuUsage();
  for (let done = 0; done < connections; done += BATCH) {
    const sockets: MemorySocket[] = [];
    for (let i = 0; i < BATCH; i++) {
      const socket = new MemorySocket();
      sockets.push(socket);
      // A fixed key: the accept hash costs the same for every key.
      subject.server.emit('upgrade', upgradeRequest(socket, 'dGhlIHNhbXBsZSBub25jZQ=='), socket, HEAD);
    }
    await nextTurn();
    for (const socket of sockets) socket.destroy();
    await nextTurn();
    await nextTurn();
  }
  const used = process.cpuUsage(cpu);
  if (subject.open() !== 0) throw new Error(`${subject.name}: ${subject.open()} connections left after the round`);
  bytesPerHandshake.set(subject.name, bytesWritten / connections);
  return (used.user + used.system) / connections;
}

async function aSocket(): Promise<ISubject> {
  const server = http.createServer();
  const app = createApp({
    server,
    executor: directExecutor,
    logger: createConsoleLogger('warn'),
    // As in the bench: no heartbeat during a round.
    config: { modules: { 'a-socket': { timeout: { ping: 600000 } } } },
  });
  await app.appReady();
  return { name: 'a-socket', server, open: () => app.registry.size };
}

/** Raw ws as the `ws-raw` system: a JSON echo listener per socket, nothing sent on open. */
function rawWs(): ISubject {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false });
  let open = 0;
  server.on('upgrade', (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, ws => {
      open++;
      ws.on('error', () => {});
      ws.on('close', () => open--);
      ws.on('message', data => ws.send(JSON.stringify(JSON.parse(String(data)))));
    }),
  );
  return { name: 'ws-raw', server, open: () => open };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { connections: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '10' } },
  });
  const connections = Math.ceil(Number(values.connections) / BATCH) * BATCH;
  const subjects = [rawWs(), await aSocket()];
  const results = new Map(subjects.map(subject => [subject.name, [] as number[]]));
  // Warm-up: both compiled before the first measured round.
  for (const subject of subjects) await measure(subject, connections);
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? subjects : [...subjects].reverse();
    for (const subject of order) results.get(subject.name)?.push(await measure(subject, connections));
  }
  for (const [name, perHandshake] of results) {
    process.stdout.write(
      `${name.padEnd(9)} ${median(perHandshake).toFixed(1).padStart(6)} µs CPU/handshake (median; rounds: ` +
        `${perHandshake.map(us => us.toFixed(1)).join(' ')}), ${bytesPerHandshake.get(name)} bytes written per handshake\n`,
    );
  }
  const added = median(results.get('a-socket') ?? []) - median(results.get('ws-raw') ?? []);
  process.stdout.write(`a-socket − ws-raw: ${added.toFixed(1)} µs per handshake (${connections} per round)\n`);
  process.exit(0);
}

void main();
