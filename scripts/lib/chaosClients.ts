/**
 * The SDK clients of the chaos run: each a `WebSocketClient` on `ws` whose sockets the run can cut (terminate,
 * as a network loss does), recording every `tick` it receives and every sysReady it gets.
 */
import { WebSocket } from 'ws';
import { WebSocketClient } from '../../src/client/index.js';

export interface ChaosClient {
  readonly index: number;
  readonly client: WebSocketClient;
  /** The `seq` of every `tick` delivered to the application, in delivery order. */
  readonly received: number[];
  /** sysReady after the first: how many said `recovered: true`, how many `false` (events missed). */
  recovered: number;
  notRecovered: number;
  /** Closes seen, by code. */
  readonly closes: Map<number, number>;
  /** What happened to the connection, in order (closes, readies with their position): for failure reports. */
  readonly timeline: string[];
  /** Terminates the current socket (no close frame); false when there is none open. */
  cut(): boolean;
}

export interface ChaosClientOptions {
  url: string;
  /** The SDK's reconnect options for every client. */
  reconnect?: { initialDelay?: number; maxDelay?: number };
}

function seqOf(data: unknown): number | undefined {
  const seq = (data as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' ? seq : undefined;
}

export function makeChaosClient(index: number, options: ChaosClientOptions): ChaosClient {
  let socket: WebSocket | undefined;
  /** A `ws` WebSocket that lets the run find the client's current socket. */
  class TrackedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the run cuts this very socket later
      socket = this;
    }
  }
  const client = new WebSocketClient({ WebSocket: TrackedWebSocket, reconnect: options.reconnect });
  const received: number[] = [];
  const closes = new Map<number, number>();
  const timeline: string[] = [];
  let readies = 0;
  const record: ChaosClient = {
    index,
    client,
    received,
    recovered: 0,
    notRecovered: 0,
    closes,
    timeline,
    cut() {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.terminate();
      return true;
    },
  };
  client.on('tick', data => {
    const seq = seqOf(data);
    if (seq !== undefined) received.push(seq);
  });
  client.onReady((id, info) => {
    timeline.push(
      `ready ${id.slice(0, 8)} recovered=${info.recovered} at ${info.epoch ?? '-'}/${info.offset ?? '-'} after seq ${received.at(-1) ?? 0}`,
    );
    if (readies++ === 0) return;
    if (info.recovered) record.recovered++;
    else record.notRecovered++;
  });
  client.onClose(close => {
    closes.set(close.code, (closes.get(close.code) ?? 0) + 1);
    timeline.push(`close ${close.code} ${close.reason} at offset ${client.position?.offset ?? '-'}`);
  });
  // Socket errors (refused reconnects while a process restarts) are expected here; the closes are counted.
  client.onError(() => undefined);
  client.connect(options.url);
  return record;
}

/** What went wrong with one client's deliveries of 1..`events`: missing, duplicated and out-of-order seqs. */
export function checkDeliveries(
  received: readonly number[],
  events: number,
): {
  lost: number;
  duplicated: number;
  reordered: number;
  /** The first few missing seqs. */
  missing: number[];
} {
  const seen = new Set<number>();
  let duplicated = 0;
  let reordered = 0;
  let last = 0;
  for (const seq of received) {
    if (seen.has(seq)) duplicated++;
    else seen.add(seq);
    if (seq < last) reordered++;
    last = Math.max(last, seq);
  }
  let lost = 0;
  const missing: number[] = [];
  for (let seq = 1; seq <= events; seq++) {
    if (seen.has(seq)) continue;
    lost++;
    if (missing.length < 10) missing.push(seq);
  }
  return { lost, duplicated, reordered, missing };
}
