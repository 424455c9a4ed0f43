import { type AddressInfo } from 'node:net';
import { afterEach, expect, test } from '@jest/globals';
import { WebSocketServer } from 'ws';
import { closeClients, makeClient } from './support/clientFixture.js';
import { nextCall } from './support/wait.js';

let wss: WebSocketServer | undefined;

afterEach(async () => {
  await closeClients();
  await new Promise(resolve => wss?.close(resolve));
  wss = undefined;
});

/**
 * A server that breaks the protocol: before sysReady it sends an event, an RPC answer and a frame that is not
 * an event; after it, one event, and it answers every call with `d: 'real'`.
 */
async function startEarlyServer(): Promise<string> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise(resolve => wss!.once('listening', resolve));
  wss.on('connection', ws => {
    ws.send('_:["early",1]');
    ws.send('_:["_c",{"i":1,"c":0,"d":"early answer"}]');
    ws.send('not an event');
    ws.send('_:["_a",{"id":"the-id"}]');
    ws.send('_:["late",2]');
    ws.on('message', data => {
      const [, payload] = JSON.parse(data.toString().slice(2)) as [string, { i: number }];
      ws.send(`_:${JSON.stringify(['_c', { i: payload.i, c: 0, d: 'real' }])}`);
    });
  });
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`;
}

test('the client ignores and counts every frame that arrives before sysReady: no handler hears it, no call is answered by it', async () => {
  const url = await startEarlyServer();
  const client = makeClient();
  const events: Array<[string, unknown]> = [];
  const fallbacks: unknown[] = [];
  client.onEvent((eventName, data) => events.push([eventName, data]));
  client.onFallback(raw => fallbacks.push(raw));
  const late = nextCall(handler => client.on('late', handler));
  const call = client.performAction('get', '/api/x');

  client.connect(url);
  expect(await client.ready).toBe('the-id');
  await late;

  expect(events).toEqual([['late', 2]]);
  expect(fallbacks).toEqual([]);
  expect(await call).toBe('real');
  expect(client.ignoredBeforeReady).toBe(3);
});
