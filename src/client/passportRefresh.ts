import type { WebSocketClient } from './webSocketClient.js';

export interface PassportRefreshOptions {
  /** A fresh passport code for the same user (e.g. from your token endpoint); `expiresAt` is when the current one expires. */
  getCode(expiresAt: number): Promise<string> | string;
  /** The query key the server reads the code from when connecting (its `queryKey.passportCode`). Default `x-vona-passport-code`. */
  queryKey?: string;
  /**
   * A `getCode` that throws, rejects or gives no string, or a warning without a numeric `expiresAt`. Without
   * it such a failure is dropped: the server then closes with 1008 at expiry, and `onClose` reports that.
   */
  onError?(error: unknown): void;
}

/**
 * Keeps the identity of a connection fresh (docs/protocol.md, "Identity refresh"): when the server sends
 * `sysPassportExpiring` `{ expiresAt }`, gets a new code, sends it as `sysPassportRefresh` `{ code }`, and
 * puts it into the URL the client reconnects with, so a reconnect does not present the expired code.
 * The server answers `sysPassportRefreshed`, or closes with 1008 when it refuses the code.
 * Returns the function that stops it.
 */
export function keepPassportFresh<Events extends object>(
  client: WebSocketClient<Events>,
  options: PassportRefreshOptions,
): () => void {
  const queryKey = options.queryKey ?? 'x-vona-passport-code';
  const refresh = async (data: unknown): Promise<void> => {
    const expiresAt = (data as { expiresAt?: unknown } | null)?.expiresAt;
    if (typeof expiresAt !== 'number') {
      throw new TypeError(`sysPassportExpiring without a numeric expiresAt: ${JSON.stringify(data)}`);
    }
    const code = await options.getCode(expiresAt);
    if (typeof code !== 'string' || code === '') {
      throw new TypeError(`getCode gave ${JSON.stringify(code)}: it must give a non-empty string`);
    }
    client.sendEvent('sysPassportRefresh', { code });
    const url = client.url;
    if (url !== undefined) {
      const next = new URL(url);
      next.searchParams.set(queryKey, code);
      client.setUrl(next);
    }
  };
  return client.on('sysPassportExpiring', (data: unknown) => {
    refresh(data).catch(error => options.onError?.(error));
  });
}
