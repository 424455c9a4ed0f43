import { performance } from 'node:perf_hooks';

/** A connection whose connection chain is running. */
export interface IEnteringRun {
  /** Its chain has run `timeoutMs` without finishing: the connection is to be closed. */
  enterTimedOut(timeoutMs: number): void;
}

/** One connection under the deadline; its holder passes it back to `remove`. */
export class EnterDeadlineEntry {
  prev: EnterDeadlineEntry | undefined = undefined;
  next: EnterDeadlineEntry | undefined = undefined;
  /** On the list: false once removed or expired. */
  listed = true;

  constructor(
    readonly run: IEnteringRun,
    readonly startedAt: number,
  ) {}
}

/**
 * The connections of one server whose connection chain is still running, and the one timer that closes those
 * past `timeout.enter` (a passport verifier or an instance resolver that never answers would otherwise hold
 * the socket for as long as its client stays). A connection is closed between `timeoutMs` and
 * 1.25 × `timeoutMs` after it arrived.
 *
 * A handshake costs an entry linked and unlinked, nothing more: chains finish in their own turn as a rule (the
 * built-in onions do), so there is no timer per connection, and the sweep timer, started with the first
 * entering connection, stops only at a sweep that finds none (not each time the list empties). A linked list
 * rather than a Map or a Set, whose add and delete cost close to a microsecond for a new object key.
 */
export class EnterDeadlines {
  /** Oldest first: every entry has the same timeout, so the order of arrival is the order of the deadlines. */
  private head: EnterDeadlineEntry | undefined = undefined;
  private tail: EnterDeadlineEntry | undefined = undefined;
  private timer: ReturnType<typeof setInterval> | undefined = undefined;

  /** `timeoutMs` 0 (or less) turns the deadline off. */
  constructor(private readonly timeoutMs: number) {}

  /** Puts `run` under the deadline; undefined when the deadline is off. */
  add(run: IEnteringRun): EnterDeadlineEntry | undefined {
    if (!(this.timeoutMs > 0)) return undefined;
    const entry = new EnterDeadlineEntry(run, performance.now());
    entry.prev = this.tail;
    if (this.tail === undefined) this.head = entry;
    else this.tail.next = entry;
    this.tail = entry;
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), Math.max(1, Math.ceil(this.timeoutMs / 4)));
      // Nothing to do once the server is gone: appClose closes every connection, and no process waits on this.
      this.timer.unref();
    }
    return entry;
  }

  remove(entry: EnterDeadlineEntry | undefined): void {
    if (entry === undefined || !entry.listed) return;
    entry.listed = false;
    const { prev, next } = entry;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    entry.prev = entry.next = undefined;
  }

  private sweep(): void {
    if (this.head === undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const startedBefore = performance.now() - this.timeoutMs;
    for (let entry = this.head; entry !== undefined && entry.startedAt <= startedBefore; entry = this.head) {
      this.remove(entry);
      entry.run.enterTimedOut(this.timeoutMs);
    }
  }
}
