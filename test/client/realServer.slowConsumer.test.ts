/**
 * The client SDK against the real a-socket server's slow-consumer policy `'skip'`: a client that stops reading
 * misses events, and hears how many once it reads again.
 */
import { afterEach, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { startTestServer, type ITestServer } from '../support/testServer.js';
import { closeClients, makeClient } from './support/clientFixture.js';
import { nextCall } from './support/wait.js';

let server: ITestServer | undefined;

afterEach(async () => {
  await closeClients();
  await server?.close();
  server = undefined;
});

/** ws's WebSocket, remembering every instance the client makes, so a test can pause the one it reads with. */
class RecordedWebSocket extends WebSocket {
  static readonly instances: RecordedWebSocket[] = [];

  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    RecordedWebSocket.instances.push(this);
  }
}

test('a client that reads too slowly under the skip policy hears how many events it missed once it reads again', async () => {
  server = await startTestServer({
    config: { modules: { 'a-socket': { maxBufferedAmount: 512 * 1024, slowConsumer: 'skip' } } },
  });
  const client = makeClient({ WebSocket: RecordedWebSocket });
  let blobs = 0;
  client.on('blob', () => blobs++);
  client.connect(server.wsUrl('/ws'));
  const id = await client.ready;
  const socket = RecordedWebSocket.instances.at(-1)!;
  socket.pause();
  const bigFrame = 'x'.repeat(256 * 1024);
  for (let n = 0; n < 64; n++) server.app.socketEvent.broadcast('/', 'blob', bigFrame);
  expect(server.app.socketEvent.slowConsumerSkips).toBeGreaterThan(0);

  const skipped = nextCall<[number]>(handler => client.onEventsSkipped(handler));
  socket.resume();
  const [count] = await skipped;
  expect(count).toBeGreaterThan(0);
  expect(blobs + count).toBe(64);
  expect(client.skippedEvents).toBe(count);
  expect(client.id).toBe(id);
  expect(client.isReady).toBe(true);
});
