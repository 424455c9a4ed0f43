import { SocketClientError } from './socketClientError.js';

/**
 * The promise behind `client.ready`. It means "ready now": resolved at sysReady, replaced by a pending one when
 * the connection drops, and rejected when the client stops for good, so `await client.ready` never hangs on a
 * client that will not connect again.
 */
export class ReadySignal {
  private current!: Promise<string>;
  private settle: { resolve(id: string): void; reject(error: Error): void } | undefined;

  constructor() {
    this.renew();
  }

  get promise(): Promise<string> {
    return this.current;
  }

  /** Resolves the pending promise with the connection id (or starts a resolved one if it was already settled). */
  resolve(id: string): void {
    if (!this.settle) this.renew();
    this.settle?.resolve(id);
    this.settle = undefined;
  }

  /** After a drop that will reconnect: a pending promise again, unless it already is. */
  reset(): void {
    if (!this.settle) this.renew();
  }

  /**
   * The client stopped, or an attempt failed: whoever waits, or waits from now on, gets the error, until the next
   * `reset()` (a reconnect) or connect(). A bare message means `not_connected`.
   */
  stop(reason: string | SocketClientError): void {
    if (!this.settle) this.renew();
    this.settle?.reject(typeof reason === 'string' ? new SocketClientError('not_connected', reason) : reason);
    this.settle = undefined;
  }

  private renew(): void {
    this.current = new Promise<string>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // The rejection is for those who await it; nobody awaiting must not count as an unhandled rejection.
    this.current.catch(() => undefined);
  }
}
