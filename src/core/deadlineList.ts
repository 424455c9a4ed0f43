/** setTimeout fires after 1 ms for a delay beyond a signed 32-bit integer: a later deadline is reached in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** Something with a deadline that sits in a `DeadlineList`; the list owns `deadline`, `prev` and `next`. */
export interface IDeadlineEntry<T> {
  deadline: number;
  prev: T | undefined;
  next: T | undefined;
}

/**
 * Entries ordered by deadline in a doubly linked list, served by one timer armed for the earliest:
 * adding and removing are O(1) when deadlines arrive in order (one timeout for all, the usual case), with
 * no timer, closure or promise per entry. `onExpire` runs for each entry whose deadline has passed; an
 * entry is removed before its `onExpire` runs.
 */
export class DeadlineList<T extends IDeadlineEntry<T>> {
  private head: T | undefined;
  private tail: T | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is armed for. */
  private armedFor = Infinity;

  constructor(private readonly onExpire: (entry: T) => void) {}

  /** Whether a timer is armed: only while the list holds entries. */
  get armed(): boolean {
    return this.timer !== undefined;
  }

  /** Adds `entry` with a deadline `timeoutMs` from now. */
  add(entry: T, timeoutMs: number): void {
    const deadline = performance.now() + timeoutMs;
    entry.deadline = deadline;
    let after = this.tail;
    while (after !== undefined && after.deadline > deadline) after = after.prev;
    entry.prev = after;
    entry.next = after === undefined ? this.head : after.next;
    if (entry.next === undefined) this.tail = entry;
    else entry.next.prev = entry;
    if (after === undefined) this.head = entry;
    else after.next = entry;
    if (deadline < this.armedFor) this.arm(deadline);
  }

  /** Takes `entry` off the list; a no-op for an entry not on it. */
  remove(entry: T): void {
    const { prev, next } = entry;
    if (prev === undefined && this.head !== entry) return;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    entry.prev = entry.next = undefined;
    // An empty list holds no timer: nothing keeps the process alive for it.
    if (this.head === undefined) this.disarm();
  }

  /** Takes every entry off the list and runs `onExpire` for each, deadline or not (shutdown). */
  expireAll(): void {
    for (let entry = this.head; entry !== undefined; entry = this.head) {
      this.remove(entry);
      this.onExpire(entry);
    }
  }

  private arm(deadline: number): void {
    clearTimeout(this.timer);
    this.armedFor = deadline;
    const delay = Math.min(Math.max(0, Math.ceil(deadline - performance.now())), MAX_TIMER_DELAY);
    this.timer = setTimeout(() => this.expire(), delay);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = performance.now();
    for (let entry = this.head; entry !== undefined && entry.deadline <= now; entry = this.head) {
      this.remove(entry);
      this.onExpire(entry);
    }
    if (this.head !== undefined && this.timer === undefined) this.arm(this.head.deadline);
  }
}
