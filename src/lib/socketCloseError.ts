/**
 * Thrown by a connection onion's `enter` to refuse the connection: it closes with `code` and `reason`
 * (e.g. 1008 for a policy failure, 1013 for "try again later"). Any other error closes with 1011.
 */
export class SocketCloseError extends Error {
  readonly closeCode: number;

  constructor(closeCode: number, reason: string) {
    super(reason);
    this.name = 'SocketCloseError';
    this.closeCode = closeCode;
  }
}
