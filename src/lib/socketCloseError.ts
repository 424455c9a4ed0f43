/**
 * Thrown by a connection onion's `enter` to refuse the connection: it closes with `code` and `reason`
 * (e.g. 1008 for a policy failure, 1013 for "try again later", 4000–4999 for a module's own). Any other error
 * closes with 1011. The reason is clipped to 123 UTF-8 bytes and a code a peer may not send becomes 1011
 * (logged once, naming the onion), so keep client text out of the reason.
 */
export class SocketCloseError extends Error {
  readonly closeCode: number;

  constructor(closeCode: number, reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'SocketCloseError';
    this.closeCode = closeCode;
  }
}
