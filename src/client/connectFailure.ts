import type { CloseInfo } from './reconnectPolicy.js';
import { SocketClientError } from './socketClientError.js';

/**
 * A WebSocket upgrade answered with an HTTP status other than 101 never opens a socket. `ws` reports it as an
 * error "Unexpected server response: <status>" followed by a close with 1006; browsers (and undici's WebSocket)
 * fire a bare error event only, by design: a page cannot see the status, so there it looks like a lost connection.
 */
const WS_UNEXPECTED_RESPONSE = /^Unexpected server response: (\d{3})$/;

/** 4xx answers that mean "not now" rather than "never": worth another attempt after the backoff. */
const RETRYABLE_CLIENT_ERRORS: ReadonlySet<number> = new Set([408, 429]);

const REFUSAL_HINTS: Readonly<Record<number, string>> = {
  400: 'not a WebSocket handshake the server accepts',
  401: 'not authenticated',
  403: 'not allowed',
  404: 'no such path: is the namespace declared on the server?',
};

/** The 4xx status of an upgrade the server refused for good, read from the socket's error; else undefined. */
export function refusedUpgradeStatus(socketError: unknown): number | undefined {
  const message = messageOf(socketError);
  if (message === undefined) return undefined;
  const status = Number(WS_UNEXPECTED_RESPONSE.exec(message)?.[1]);
  return status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status) ? status : undefined;
}

/** The client stops: the same request would get the same answer. */
export function upgradeRefusedError(url: string, status: number, socketError: unknown): SocketClientError {
  const hint = REFUSAL_HINTS[status];
  return new SocketClientError(
    'upgrade_refused',
    `the server answered the WebSocket upgrade of ${urlForMessages(url)} with HTTP ${status}` +
      `${hint ? ` (${hint})` : ''}; the client stopped, as retrying would get the same answer`,
    { cause: socketError, status },
  );
}

/** The first attempt after connect() failed; the client goes on trying per its reconnect options. */
export function connectFailedError(url: string, close: CloseInfo, socketError: unknown): SocketClientError {
  const detail =
    messageOf(socketError) ??
    `the connection closed with ${close.code}${close.reason ? ` (${close.reason})` : ''}` +
      // A browser's error event says nothing: a refused upgrade (e.g. HTTP 404) looks like this too.
      (close.code === 1006
        ? ', without saying why (a refused upgrade, e.g. HTTP 404, looks the same in a browser)'
        : '');
  return new SocketClientError(
    'connect_failed',
    `could not connect to ${urlForMessages(url)}: ${detail}; the client keeps trying (reconnect options): ` +
      'await client.ready again, or use onReady, to learn when it connects',
    { cause: socketError ?? close },
  );
}

function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** The URL without its query and fragment, which may hold a passport code. */
function urlForMessages(url: string): string {
  const queryAt = url.search(/[?#]/);
  return queryAt === -1 ? url : url.slice(0, queryAt);
}
