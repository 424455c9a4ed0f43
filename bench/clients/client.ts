import { type ClientProtocol } from '../lib/system.js';
import { connectHttp } from './httpClient.js';
import { connectSocketIo } from './socketIoClient.js';
import { connectWire } from './wireClient.js';
import { connectWsJson } from './wsJsonClient.js';

/** Called when a call's answer arrives; `error` describes a failed call (the round then fails). */
export type AnswerCallback = (error?: string) => void;

/** One connection of the load generator, whatever protocol it speaks. */
export interface IBenchClient {
  /** Sends one RPC carrying `body`; `onAnswer` runs once its answer arrives. */
  call(body: unknown, onAnswer: AnswerCallback): void;
  /** Runs `listener` for every broadcast frame received (frames are counted, not parsed). */
  setEventListener(listener: () => void): void;
  close(): void;
}

export interface IConnectOptions {
  /** The connection closed without `close()` being called: the round cannot be trusted any more. */
  onLost(reason: string): void;
  /** A handshake not complete after this long fails. */
  timeoutMs: number;
  /** HTTP only: the connections one client spreads its calls over (1 unless requests are not all pipelined). */
  httpConnections?: number;
}

/** Resolves once the handshake is complete in the protocol's own sense (open, sysReady, namespace connect, TCP connect). */
export function connectClient(protocol: ClientProtocol, url: string, options: IConnectOptions): Promise<IBenchClient> {
  switch (protocol) {
    case 'ws-json':
      return connectWsJson(url, options);
    case 'wire':
      return connectWire(url, options);
    case 'socketio':
      return connectSocketIo(url, options);
    case 'http':
      return connectHttp(url, options);
  }
}

/** Guards a handshake with a timer: rejects (and runs `abort`) when it takes longer than `timeoutMs`. */
export function handshakeTimer(timeoutMs: number, url: string, abort: () => void, reject: (error: Error) => void) {
  const timer = setTimeout(() => {
    abort();
    reject(new Error(`handshake with ${url} not complete after ${timeoutMs} ms`));
  }, timeoutMs);
  return () => clearTimeout(timer);
}
