import { WebSocket } from 'ws';
import { WebSocketClient, type WebSocketClientOptions } from '../../../src/client/index.js';
import type { ISocketEventRecord } from '../../../src/types/socketEvent.js';

const created = new Set<{ disconnect(): Promise<void> }>();

/** A client on `ws`, with fast reconnects and a fixed jitter unless the test says otherwise; closed by `closeClients`. */
export function makeClient<Events extends object = ISocketEventRecord>(
  options: WebSocketClientOptions = {},
): WebSocketClient<Events> {
  const client = new WebSocketClient<Events>({
    WebSocket,
    random: () => 0.5,
    ...options,
    reconnect: { initialDelay: 20, maxDelay: 100, ...options.reconnect },
  });
  created.add(client);
  return client;
}

/** For afterEach: disconnects every client made by `makeClient` and waits until their sockets have closed. */
export async function closeClients(): Promise<void> {
  const clients = [...created];
  created.clear();
  await Promise.all(clients.map(client => client.disconnect()));
}
