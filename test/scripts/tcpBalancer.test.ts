import net from 'node:net';
import { once } from 'node:events';
import { afterEach, expect, test } from '@jest/globals';
import { startTcpBalancer, type TcpBalancer } from '../../scripts/lib/tcpBalancer.js';

/** A backend that greets each connection with its name and echoes what it reads. */
async function backend(name: string): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer(socket => {
    socket.on('error', () => undefined);
    socket.write(`${name}:`);
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, server };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const { port, server } = await backend('gone');
  await new Promise(resolve => server.close(resolve));
  return port;
}

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
let balancer: TcpBalancer | undefined;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await balancer?.close();
  balancer = undefined;
  await Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve))));
});

async function backends(...names: string[]): Promise<number[]> {
  const started = await Promise.all(names.map(backend));
  servers.push(...started.map(b => b.server));
  return started.map(b => b.port);
}

/** Connects through the balancer, sends `text`, and resolves with everything read until `expected` bytes came. */
async function exchange(text: string, expectedLength: number): Promise<{ reply: string; socket: net.Socket }> {
  const socket = net.connect({ host: '127.0.0.1', port: balancer!.port });
  sockets.push(socket);
  socket.write(text);
  let reply = '';
  await new Promise<void>((resolve, reject) => {
    socket.on('data', chunk => {
      reply += String(chunk);
      if (reply.length >= expectedLength) resolve();
    });
    socket.on('close', () => reject(new Error(`closed after "${reply}"`)));
  });
  return { reply, socket };
}

test('connections go round-robin to the backends, both ways', async () => {
  const ports = await backends('a', 'b');
  balancer = await startTcpBalancer({ backends: ports });
  const replies = [];
  for (const text of ['1', '2', '3']) replies.push((await exchange(text, 3)).reply);
  expect(replies).toEqual(['a:1', 'b:2', 'a:3']);
  expect(balancer.connectionCounts()).toEqual(
    new Map([
      [ports[0], 2],
      [ports[1], 1],
    ]),
  );
});

test('a backend that refuses is skipped; with none accepting the client is closed', async () => {
  const [live] = await backends('live');
  const dead = await closedPort();
  balancer = await startTcpBalancer({ backends: [dead, live, dead] });
  for (let n = 0; n < 3; n++) expect((await exchange('x', 6)).reply).toBe('live:x');

  balancer.setBackends([dead]);
  const socket = net.connect({ host: '127.0.0.1', port: balancer.port });
  sockets.push(socket);
  socket.on('error', () => undefined);
  await once(socket, 'close');
  expect(balancer.unrouted).toBe(1);
});

test('setBackends changes where new connections go; dropBackend cuts every connection to one backend', async () => {
  const [a, b] = await backends('a', 'b');
  balancer = await startTcpBalancer({ backends: [a] });
  const first = await exchange('1', 3);
  const second = await exchange('2', 3);
  balancer.setBackends([b]);
  const third = await exchange('3', 3);
  expect([first.reply, second.reply, third.reply]).toEqual(['a:1', 'a:2', 'b:3']);

  const cut = [once(first.socket, 'close'), once(second.socket, 'close')];
  expect(balancer.dropBackend(a)).toBe(2);
  await Promise.all(cut);
  expect(third.socket.destroyed).toBe(false);
  expect(balancer.connectionCounts()).toEqual(new Map([[b, 1]]));
});
