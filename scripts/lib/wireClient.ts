import { WebSocket, type ClientOptions } from 'ws';

export interface IActionBack {
  i: unknown;
  c: number;
  d?: unknown;
  m?: string;
}

/**
 * A raw `ws` client that speaks the wire protocol and nothing more: waits for sysReady, matches `_c`
 * answers to calls by id, and sends any frame as given. For fuzz and soak runs, where the client
 * SDK's queueing and reconnecting would hide what the server did.
 */
export class WireClient {
  readonly ws: WebSocket;
  readonly ready: Promise<string>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly calls = new Map<string, { resolve: (back: IActionBack) => void; reject: (error: Error) => void }>();

  constructor(url: string, options?: ClientOptions) {
    this.ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    this.ws.on('error', () => undefined);
    this.closed = new Promise(resolve => {
      this.ws.once('close', (code, reason) => {
        for (const [key, call] of this.calls) call.reject(new Error(`closed with ${code} before the answer to ${key}`));
        this.calls.clear();
        resolve({ code, reason: reason.toString() });
      });
    });
    this.ready = new Promise((resolve, reject) => {
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
      void this.closed.then(close => reject(new Error(`closed with ${close.code} before sysReady`)));
      this.ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        if (!text.startsWith('_:')) return;
        const [name, payload] = JSON.parse(text.slice(2)) as [string, unknown];
        if (name === '_a') resolve((payload as { id: string }).id);
        if (name === '_c') this.answer(payload as IActionBack);
      });
    });
    this.ready.catch(() => undefined);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a `_b` call and resolves with its `_c`; rejects when the connection closes first. */
  call(payload: { i: string | number } & Record<string, unknown>): Promise<IActionBack> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new Error(`call ${String(payload.i)} on a connection that is not open`));
        return;
      }
      this.calls.set(String(payload.i), { resolve, reject });
      this.ws.send(`_:${JSON.stringify(['_b', payload])}`);
    });
  }

  /** Sends a frame as given; a Buffer goes as a text frame unless `binary`. False once the socket is not open. */
  sendRaw(frame: string | Buffer, binary = false): boolean {
    if (!this.isOpen) return false;
    this.ws.send(frame, { binary });
    return true;
  }

  /** Closes cleanly, or terminates when the close handshake does not finish within `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close();
    const timer = setTimeout(() => this.ws.terminate(), graceMs);
    await this.closed;
    clearTimeout(timer);
  }

  private answer(back: IActionBack): void {
    const key = String(back.i);
    const call = this.calls.get(key);
    if (!call) return;
    this.calls.delete(key);
    call.resolve(back);
  }
}
