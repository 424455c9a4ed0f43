/** A frame waiting for the connection to become ready; `requestId` marks an RPC call so it can be withdrawn. */
export interface QueuedFrame {
  frame: string;
  requestId?: number;
}

/**
 * Frames sent while the client is not ready, in order, bounded so a long outage cannot grow memory without
 * limit. The owner flushes it after the next sysReady.
 */
export class OutboundQueue {
  private frames: QueuedFrame[] = [];

  constructor(readonly limit: number) {}

  get size(): number {
    return this.frames.length;
  }

  get full(): boolean {
    return this.frames.length >= this.limit;
  }

  /** Returns false (and keeps nothing) when full. */
  push(entry: QueuedFrame): boolean {
    if (this.full) return false;
    this.frames.push(entry);
    return true;
  }

  /** Withdraws a queued RPC call whose caller gave up (timeout, abort), so it is never sent. */
  removeRequest(requestId: number): void {
    this.frames = this.frames.filter(entry => entry.requestId !== requestId);
  }

  /** Empties the queue and returns what it held, oldest first. */
  drain(): QueuedFrame[] {
    const drained = this.frames;
    this.frames = [];
    return drained;
  }
}
