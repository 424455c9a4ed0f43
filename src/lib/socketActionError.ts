/** Thrown by an action executor: the client gets `c` = `status` (an HTTP status) and `m` = the message. */
export class SocketActionError extends Error {
  readonly status: number;

  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SocketActionError';
    this.status = status;
  }
}
