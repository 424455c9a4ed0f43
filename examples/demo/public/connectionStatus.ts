import type { ClientState, CloseInfo } from '../../../src/client/index.js';

/** What the chat page shows about its connection; `state` is also the status element's `data-state`. */
export interface ConnectionStatus {
  state: 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';
  text: string;
}

export interface ConnectionSnapshot {
  /** The client's state; undefined before the user joined. */
  clientState: ClientState | undefined;
  /** Who the user joined as. */
  name?: string;
  /** When the scheduled reconnect fires (ms since the epoch), while reconnecting. */
  reconnectAt?: number;
  /** The last close the client heard of. */
  lastClose?: CloseInfo;
  now: number;
}

/** Words for the close codes a chat user may meet (DESIGN §5). */
const CLOSE_MEANINGS: Readonly<Record<number, string>> = {
  1000: 'closed normally',
  1001: 'the server is going away',
  1006: 'the connection was lost',
  1008: 'the server refused this identity',
  1009: 'a message was too big',
  1011: 'the server failed',
  1013: 'the server is not ready',
};

export function describeClose(close: CloseInfo): string {
  const meaning = CLOSE_MEANINGS[close.code] ?? close.reason ?? '';
  return meaning ? `${meaning} (${close.code})` : `code ${close.code}`;
}

/** "2 s", or "0.4 s" under a second so a short wait does not read as "in 1 s". */
function formatWait(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return seconds >= 1 ? `${Math.ceil(seconds)} s` : `${seconds.toFixed(1)} s`;
}

/** The status line of the chat page, from what the client says and what the page remembers. */
export function describeConnection(snapshot: ConnectionSnapshot): ConnectionStatus {
  const { clientState, name, reconnectAt, lastClose, now } = snapshot;
  switch (clientState) {
    case undefined:
    case 'idle':
      return { state: 'idle', text: 'not connected: pick a name to join' };
    case 'connecting':
    case 'open':
      return { state: 'connecting', text: 'connecting…' };
    case 'ready':
      return { state: 'ready', text: name ? `connected as ${name}` : 'connected' };
    case 'reconnecting': {
      const wait = reconnectAt === undefined ? '' : ` in ${formatWait(reconnectAt - now)}`;
      const why = lastClose ? `: ${describeClose(lastClose)}` : '';
      return { state: 'reconnecting', text: `reconnecting${wait}${why}` };
    }
    case 'closed':
      return { state: 'closed', text: lastClose ? `closed: ${describeClose(lastClose)}` : 'closed' };
  }
}
