import { WebSocket, type ClientOptions } from 'ws';

export interface ITestFrameEvent {
  name: string;
  data: unknown;
  /** The third element of an event of a history namespace; absent otherwise. */
  offset?: string;
}

/**
 * A raw `ws` client that records every frame, for tests where the wire protocol is the subject.
 * Frames are kept in order; waiters resolve on the first matching frame not yet consumed.
 */
export class TestClient {
  readonly ws: WebSocket;
  readonly frames: string[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];
  private cursor = 0;

  constructor(url: string, options?: ClientOptions) {
    this.ws = new WebSocket(url, options);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise(resolve => {
      this.ws.once('close', (code, reason) => {
        this.notify();
        resolve({ code, reason: reason.toString() });
      });
    });
    this.ws.on('error', () => undefined);
    this.ws.on('message', data => {
      this.frames.push(data.toString());
      this.notify();
    });
  }

  /** The events received so far (frames with the `_:` prefix), decoded. */
  get events(): ITestFrameEvent[] {
    return this.frames.filter(frame => frame.startsWith('_:')).map(decode);
  }

  send(frame: string): void {
    this.ws.send(frame);
  }

  sendEvent(name: string, data: unknown): void {
    this.ws.send(`_:${JSON.stringify([name, data])}`);
  }

  /** Waits for the next event frame (after those already consumed) satisfying `match`. */
  async nextEvent(match: (event: ITestFrameEvent) => boolean = () => true, timeoutMs = 3000): Promise<ITestFrameEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++];
        if (!frame.startsWith('_:')) continue;
        const event = decode(frame);
        if (match(event)) return event;
      }
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`closed before the expected event; frames: ${this.summary()}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching event within ${timeoutMs} ms; frames: ${this.summary()}`);
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for `sysReady` (`_a`) and returns the connection id. */
  async ready(): Promise<string> {
    const event = await this.nextEvent(e => e.name === '_a');
    return (event.data as { id: string }).id;
  }

  /** Closes cleanly, or terminates when the handshake does not finish within a second (e.g. a paused reader). */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close();
    const timer = setTimeout(() => this.ws.terminate(), 1000);
    await this.closed;
    clearTimeout(timer);
  }

  /** The frames so far, each cut short: error messages must stay readable with big frames. */
  private summary(): string {
    return this.frames
      .map(frame => (frame.length > 80 ? `${frame.slice(0, 80)}…(${frame.length} chars)` : frame))
      .join(' | ');
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function decode(frame: string): ITestFrameEvent {
  const [name, data, offset] = JSON.parse(frame.slice(2)) as [string, unknown, string?];
  return offset === undefined ? { name, data } : { name, data, offset };
}
