import { afterEach, describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { WebSocketClient } from '../../src/client/index.js';
import {
  BeanSocketNamespaceBase,
  defineModule,
  SocketEvent,
  SocketNamespace,
  type ISocketEventContext,
  type ISocketEventErrorPayload,
  type SocketEventInputs,
  type SocketEventOutputs,
} from '../../src/index.js';
import type { TypedWebSocketClient } from '../../src/client/index.js';
import { startTestServer, type ITestServer } from '../support/testServer.js';

const voteEvents = { 'vote:cast': z.object({ option: z.enum(['yes', 'no']), weight: z.number().int().default(1) }) };

interface IVoteServerEvents {
  'vote:counted': { option: 'yes' | 'no'; weight: number; by: string };
  sysEventError: ISocketEventErrorPayload;
}

@SocketNamespace({ namespace: '/vote' })
class SocketNamespaceVote extends BeanSocketNamespaceBase<IVoteServerEvents> {
  @SocketEvent('vote:cast', { schema: voteEvents['vote:cast'] })
  cast(vote: SocketEventOutputs<typeof voteEvents>['vote:cast'], { ws }: ISocketEventContext) {
    this.broadcast('vote:counted', { ...vote, by: ws.id });
  }
}

describe('@SocketEvent with the client SDK, typed by the same schemas', () => {
  let server: ITestServer;
  const clients: WebSocketClient<IVoteServerEvents>[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(client => client.disconnect()));
    await server.close();
  });

  test('sendEvent reaches the handler with the defaults applied; bad data comes back as sysEventError', async () => {
    server = await startTestServer({ modules: [defineModule({ name: 'vote', beans: [SocketNamespaceVote] })] });
    const raw = new WebSocketClient<IVoteServerEvents>({ WebSocket, reconnect: { enabled: false } });
    clients.push(raw);
    const client: TypedWebSocketClient<IVoteServerEvents, SocketEventInputs<typeof voteEvents>> = raw;
    client.connect(server.wsUrl('/ws/vote'));
    const id = await client.ready;

    const counted = new Promise(resolve => client.on('vote:counted', resolve));
    client.sendEvent('vote:cast', { option: 'yes' });
    expect(await counted).toEqual({ option: 'yes', weight: 1, by: id });

    const failed = new Promise<ISocketEventErrorPayload>(resolve => client.on('sysEventError', resolve));
    client.sendEvent('vote:cast', { option: 'maybe' } as unknown as { option: 'yes' });
    expect(await failed).toEqual({
      event: 'vote:cast',
      code: 400,
      message: 'invalid data for "vote:cast"',
      issues: [{ path: ['option'], message: expect.any(String) }],
    });
    expect(client.isReady).toBe(true);
  });
});
