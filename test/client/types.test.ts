/**
 * Type fixture: `tsc --noEmit` (part of the quality gates) checks these lines; the `@ts-expect-error` lines are
 * the ones that must not compile. The jest test only keeps the file in the suite.
 */
import { expect, test } from '@jest/globals';
import { WebSocket as WsWebSocket } from 'ws';
import {
  WebSocketClient,
  type ActionErrorCode,
  type ClientEventData,
  type WebSocketConstructor,
} from '../../src/client/index.js';

declare module '../../src/index.js' {
  interface ISocketEventRecord {
    'types:message': { text: string; at: number };
  }
}

interface ChatEvents {
  said: { who: string };
}

function fixture(): void {
  // Both the browser's WebSocket (lib.dom) and ws's can be passed in.
  const fromWs: WebSocketConstructor = WsWebSocket;
  const fromDom: WebSocketConstructor = globalThis.WebSocket;
  void fromDom;

  const client = new WebSocketClient({ WebSocket: fromWs });
  client.on('types:message', data => {
    const text: string = data.text;
    const at: number = data.at;
    void [text, at];
  });
  // @ts-expect-error the declared data has no `missing` property
  client.on('types:message', data => data.missing);
  // @ts-expect-error a declared event's handler cannot ask for another data type
  client.on('types:message', (data: { text: number }) => data);
  client.on('undeclared', data => {
    // @ts-expect-error undeclared events carry unknown data, to be checked before use
    void data.anything;
    const ok: unknown = data;
    void ok;
  });
  const off = client.on('types:message', () => undefined);
  off();

  // Recovery: the ready info is typed; epoch and offset may be absent (a namespace without history).
  client.onReady((id, info) => {
    const recovered: boolean = info.recovered;
    const sameId: string = info.id;
    const offset: string | undefined = info.offset;
    // @ts-expect-error the epoch is absent in a namespace without history
    const always: string = info.epoch;
    void [id, recovered, sameId, offset, always];
  });
  client.onEvent((name, data, offset) => {
    const maybe: string | undefined = offset;
    void [name, data, maybe];
  });
  const position: { epoch: string; offset: string } | undefined = client.position;
  const wasRecovered: boolean = client.recovered;
  void [position, wasRecovered];

  // A client typed by its own record instead of the global one.
  const chat = new WebSocketClient<ChatEvents>({ WebSocket: WsWebSocket });
  chat.on('said', data => void data.who.toUpperCase());
  // @ts-expect-error the record says `who`
  chat.on('said', data => data.text);

  // @ts-expect-error only the five methods of the protocol
  void client.performAction('fetch', '/x');
  const typed: Promise<{ n: number }> = client.performAction<{ n: number }>('get', '/api/echo', { query: { n: 1 } });
  void typed;
  const code: ActionErrorCode = 'timeout';
  // @ts-expect-error not one of the client's codes
  const wrong: ActionErrorCode = 'timed-out';
  void [code, wrong];

  const data: ClientEventData<'types:message'> = { text: 'a', at: 1 };
  const unknownData: ClientEventData<'nope'> = Symbol('anything goes into unknown');
  void [data, unknownData];
}

test('the type fixture compiles (checked by tsc) and is never run', () => {
  expect(typeof fixture).toBe('function');
});
