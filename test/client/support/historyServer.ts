/**
 * A stand-in for an a-socket server with a history namespace, on raw `ws`: it speaks only the recovery wire
 * (docs/protocol.md): events as `_:["name",data,"<offset>"]`, sysReady `{ id, recovered, epoch, offset, session }`,
 * recovery asked with the `x-socket-session` / `x-socket-epoch` / `x-socket-offset` query keys. The client's
 * recovery tests run against it; the real server's recovery is tested end to end elsewhere.
 *
 * - every broadcast gets the next offset of one stream and goes to every open connection;
 * - a connection that offers a known (single-use) token, the current epoch and an offset the log still covers
 *   gets its old id back, the events after its offset, then sysReady `recovered: true`; any other gets a new id
 *   and sysReady `recovered: false` at the head;
 * - knobs make it misbehave the ways a client must survive: replay twice, replay then refuse, live duplicates.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const PREFIX = '_:';

export interface HistoryServerOptions {
  /** Without history: sysReady `{ id }` and events without offsets (an ordinary namespace). Default true. */
  history?: boolean;
}

export interface HistoryServer {
  readonly url: string;
  readonly epoch: string;
  /** The upgrade URLs the server was asked for, in order (path and query). */
  readonly upgrades: URL[];
  /** The sysReady payloads sent, in order. */
  readonly readies: Record<string, unknown>[];
  readonly connectionCount: number;
  /** Appends an event to the stream and sends it to every open connection; returns its offset. */
  broadcast(eventName: string, data: unknown): string;
  /** Appends an event that no connection gets live (as if every client was offline); returns its offset. */
  appendOffline(eventName: string, data: unknown): string;
  /** Sends a text frame exactly as given to every open connection. */
  sendRaw(text: string): void;
  closeClients(code: number, reason?: string): void;
  /** Starts a new stream: new epoch, empty log, offsets from 1 again. */
  newEpoch(): void;
  /** The next recoveries replay every event twice (a client must drop the copies). */
  duplicateReplay: boolean;
  /** The next recoveries replay the events, then answer `recovered: false` anyway (a client must drop them). */
  refuseAfterReplay: boolean;
  stop(): Promise<void>;
}

interface Entry {
  eventName: string;
  data: unknown;
  offset: string;
}

function frame(eventName: string, data: unknown, offset?: string): string {
  return PREFIX + JSON.stringify(offset === undefined ? [eventName, data] : [eventName, data, offset]);
}

export async function startHistoryServer(options: HistoryServerOptions = {}): Promise<HistoryServer> {
  const history = options.history ?? true;
  const clients = new Set<WebSocket>();
  const upgrades: URL[] = [];
  const readies: Record<string, unknown>[] = [];
  /** token → the connection id it restores. */
  const sessions = new Map<string, string>();
  let epoch = randomBytes(9).toString('base64url');
  let log: Entry[] = [];
  let head = 0;

  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http });

  const append = (eventName: string, data: unknown): Entry => {
    const entry = { eventName, data, offset: String(++head) };
    log.push(entry);
    return entry;
  };

  /** The entries after `offset`, or undefined when the log does not reach back that far (or the offset is bad). */
  const after = (offset: string): Entry[] | undefined => {
    if (!/^(0|[1-9][0-9]*)$/.test(offset) || Number(offset) > head) return undefined;
    const first = log.length > 0 ? Number(log[0].offset) : head + 1;
    if (Number(offset) + 1 < first) return undefined;
    return log.filter(entry => Number(entry.offset) > Number(offset));
  };

  const state = {
    duplicateReplay: false,
    refuseAfterReplay: false,
  };

  wss.on('connection', (ws, req) => {
    clients.add(ws);
    ws.on('error', () => undefined);
    ws.on('close', () => clients.delete(ws));
    const url = new URL(req.url ?? '/', 'http://localhost');
    upgrades.push(url);
    if (!history) {
      const ready = { id: randomUUID() };
      readies.push(ready);
      ws.send(frame('_a', ready));
      return;
    }
    const token = url.searchParams.get('x-socket-session');
    const askedEpoch = url.searchParams.get('x-socket-epoch');
    const askedOffset = url.searchParams.get('x-socket-offset');
    let id: string = randomUUID();
    let recovered = false;
    let offset = String(head);
    if (token !== null && askedEpoch !== null && askedOffset !== null) {
      const previousId = sessions.get(token);
      sessions.delete(token);
      const missed = askedEpoch === epoch ? after(askedOffset) : undefined;
      if (previousId !== undefined && missed !== undefined) {
        for (const entry of missed) {
          ws.send(frame(entry.eventName, entry.data, entry.offset));
          if (state.duplicateReplay) ws.send(frame(entry.eventName, entry.data, entry.offset));
        }
        if (!state.refuseAfterReplay) {
          id = previousId;
          recovered = true;
          offset = missed.length > 0 ? missed[missed.length - 1].offset : askedOffset;
        }
      }
    }
    const session = randomBytes(32).toString('base64url');
    sessions.set(session, id);
    const ready = { id, recovered, epoch, offset, session };
    readies.push(ready);
    ws.send(frame('_a', ready));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}/ws/feed`,
    get epoch() {
      return epoch;
    },
    upgrades,
    readies,
    get connectionCount() {
      return clients.size;
    },
    broadcast(eventName, data) {
      if (!history) {
        for (const ws of clients) ws.send(frame(eventName, data));
        return '';
      }
      const entry = append(eventName, data);
      for (const ws of clients) ws.send(frame(entry.eventName, entry.data, entry.offset));
      return entry.offset;
    },
    appendOffline(eventName, data) {
      return append(eventName, data).offset;
    },
    sendRaw(text) {
      for (const ws of clients) ws.send(text);
    },
    closeClients(code, reason) {
      for (const ws of clients) ws.close(code, reason);
    },
    newEpoch() {
      epoch = randomBytes(9).toString('base64url');
      log = [];
      head = 0;
    },
    get duplicateReplay() {
      return state.duplicateReplay;
    },
    set duplicateReplay(value: boolean) {
      state.duplicateReplay = value;
    },
    get refuseAfterReplay() {
      return state.refuseAfterReplay;
    },
    set refuseAfterReplay(value: boolean) {
      state.refuseAfterReplay = value;
    },
    async stop() {
      for (const ws of clients) ws.terminate();
      await new Promise<void>(resolve => wss.close(() => resolve()));
      await new Promise<void>(resolve => http.close(() => resolve()));
    },
  };
}
