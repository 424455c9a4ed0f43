import { LazyEmitter } from './lazyEmitter.js';

/** What a socket tells the call it belongs to. */
export interface ISocketOwner {
  /** A handler destroyed the socket: the call cannot be answered (if it was not yet). */
  requestDestroyed(error: Error | undefined): void;
}

/**
 * `req.socket` (and `res.socket`) of an injected call: what frameworks read of a TCP socket — the peer address
 * of the WebSocket connection, `encrypted` (absent: not TLS, as on a plain `net.Socket`), `readable` and
 * `writable` (on-finished reads them), no-op timeout and keep-alive settings. Listeners attached to it
 * (on-finished's `close`) hear `close` when the call is given up, as they would when a client disconnects.
 * There is no `write`: a handler answers through the response.
 */
export class InjectedSocket extends LazyEmitter {
  readonly remoteAddress: string;
  readonly remoteFamily: 'IPv4' | 'IPv6';
  readonly remotePort = undefined;
  readonly localAddress = undefined;
  readonly localPort = undefined;
  readonly connecting = false;
  readonly pending = false;
  readonly readyState = 'open';
  readonly bytesRead = 0;
  readonly bytesWritten = 0;
  readable = true;
  writable = true;
  destroyed = false;
  private readonly owner: ISocketOwner;

  constructor(remoteAddress: string | undefined, owner: ISocketOwner) {
    super();
    // A context made by hand (tests, other servers) may lack the address: 'unknown', as for a socket already gone.
    this.remoteAddress = remoteAddress ?? 'unknown';
    this.remoteFamily = this.remoteAddress.includes(':') ? 'IPv6' : 'IPv4';
    this.owner = owner;
  }

  /** The call's deadline is `performAction.timeout`: a socket timeout never fires. */
  setTimeout(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  address(): Record<string, never> {
    return {};
  }

  /** As on a TCP socket: the call ends without an answer if it had none yet. */
  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.owner.requestDestroyed(error);
    this.close();
    return this;
  }

  end(): this {
    return this.destroy();
  }

  /** Ends the socket once: not readable or writable any more, `close` for whoever listens. */
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.readable = this.writable = false;
    this.emit('close', false);
  }
}
