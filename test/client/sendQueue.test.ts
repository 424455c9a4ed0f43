import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { closeClients, makeClient } from './support/clientFixture.js';
import { startProtocolServer, type ProtocolServer } from './support/protocolServer.js';
import { until } from './support/wait.js';

let server: ProtocolServer;

beforeEach(async () => {
  server = await startProtocolServer();
});

afterEach(async () => {
  await closeClients();
  await server.stop();
});

/** Event names and RPC paths of what the server received, in order: ['a', 'b', '_b /api/echo', …]. */
function receivedNames(): string[] {
  return server.received.map(frame => {
    const [name, data] = JSON.parse(frame.slice(2)) as [string, { p?: string }];
    return name === '_b' ? `_b ${data.p}` : name;
  });
}

test('sends before ready are queued and flushed in order after sysReady, ahead of what ready handlers send', async () => {
  const client = makeClient();
  expect(client.sendEvent('a', 1)).toBe('queued');
  const rpc = client.performAction('post', '/api/echo', { body: 'queued call' });
  expect(client.sendEvent('b', 2)).toBe('queued');
  expect(client.queuedCount).toBe(3);
  client.onReady(() => client.sendEvent('fromReady'));
  client.connect(server.url);
  await expect(rpc).resolves.toBe('queued call');
  expect(client.sendEvent('c', 3)).toBe('sent');
  await server.waitForFrame(frame => frame.includes('"c"'));
  expect(receivedNames()).toEqual(['a', '_b /api/echo', 'b', 'fromReady', 'c']);
  expect(client.queuedCount).toBe(0);
});

test('the queue is bounded: beyond maxQueued, sendEvent throws and performAction rejects with queue_full', async () => {
  const client = makeClient({ maxQueued: 3 });
  client.sendEvent('a');
  client.sendEvent('b');
  const rpc = client.performAction('post', '/api/echo', { body: 'third' });
  expect(() => client.sendEvent('d')).toThrow(expect.objectContaining({ code: 'queue_full' }));
  await expect(client.performAction('get', '/api/echo')).rejects.toMatchObject({ code: 'queue_full' });
  expect(client.queuedCount).toBe(3);
  client.connect(server.url);
  await expect(rpc).resolves.toBe('third');
  expect(receivedNames()).toEqual(['a', 'b', '_b /api/echo']);
});

test('sends while reconnecting are queued and go out once the client is ready again', async () => {
  const client = makeClient();
  client.connect(server.url);
  await client.ready;
  await server.stop();
  await until(() => client.state === 'reconnecting');
  expect(client.sendEvent('while-down', 1)).toBe('queued');
  const rpc = client.performAction('post', '/api/echo', { body: 'after restart' });
  await server.restart();
  await expect(rpc).resolves.toBe('after restart');
  await server.waitForFrame(frame => frame.includes('while-down'));
  expect(receivedNames()).toEqual(['while-down', '_b /api/echo']);
});

test('a queued call whose timeout passes or whose signal aborts is withdrawn and never sent', async () => {
  const client = makeClient();
  const controller = new AbortController();
  const timedOut = client.performAction('post', '/api/echo', { body: 'timed out', timeout: 20 });
  const aborted = client.performAction('post', '/api/echo', { body: 'aborted', signal: controller.signal });
  client.sendEvent('kept');
  controller.abort();
  await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
  await expect(timedOut).rejects.toMatchObject({ code: 'timeout' });
  expect(client.queuedCount).toBe(1);
  client.connect(server.url);
  await client.ready;
  client.sendEvent('barrier');
  await server.waitForFrame(frame => frame.includes('barrier'));
  expect(receivedNames()).toEqual(['kept', 'barrier']);
});

test('disconnect() rejects queued calls with not_connected and discards queued events', async () => {
  const client = makeClient();
  client.sendEvent('dropped');
  const rpc = client.performAction('post', '/api/echo', { body: 'never sent' });
  await client.disconnect();
  await expect(rpc).rejects.toMatchObject({ code: 'not_connected' });
  expect(client.queuedCount).toBe(0);
  expect(() => client.sendEvent('after')).toThrow(expect.objectContaining({ code: 'not_connected' }));
  client.connect(server.url);
  await client.ready;
  client.sendEvent('barrier');
  await server.waitForFrame(frame => frame.includes('barrier'));
  expect(receivedNames()).toEqual(['barrier']);
});

test('when reconnecting gives up, queued calls reject with not_connected', async () => {
  const client = makeClient({ reconnect: { maxAttempts: 1 } });
  client.connect(server.url);
  await client.ready;
  await server.stop();
  await until(() => client.state === 'reconnecting');
  const rpc = client.performAction('get', '/api/echo');
  await expect(rpc).rejects.toMatchObject({ code: 'not_connected' });
  expect(client.state).toBe('closed');
});
