/** Where a handler's exception goes: one thrown handler must not stop the others or the client's own work. */
export type HandlerErrorSink = (error: unknown) => void;

/** A set of handlers of one kind, called in subscription order. */
export class HandlerSet<Args extends unknown[]> {
  private readonly handlers = new Set<(...args: Args) => void>();

  constructor(private readonly onHandlerError: HandlerErrorSink) {}

  /** Returns the unsubscribe function. Adding the same function twice keeps one subscription. */
  add(handler: (...args: Args) => void): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  delete(handler: (...args: Args) => void): void {
    this.handlers.delete(handler);
  }

  get size(): number {
    return this.handlers.size;
  }

  emit(...args: Args): void {
    // Iterate over a copy: a handler may unsubscribe itself or others while we call them.
    for (const handler of [...this.handlers]) {
      try {
        handler(...args);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }
}

/** Handlers per event name; an event name without handlers keeps no entry. */
export class EventHandlerMap {
  private readonly byName = new Map<string, HandlerSet<[unknown]>>();

  constructor(private readonly onHandlerError: HandlerErrorSink) {}

  add(eventName: string, handler: (data: unknown) => void): () => void {
    let set = this.byName.get(eventName);
    if (!set) {
      set = new HandlerSet(this.onHandlerError);
      this.byName.set(eventName, set);
    }
    set.add(handler);
    return () => this.delete(eventName, handler);
  }

  delete(eventName: string, handler: (data: unknown) => void): void {
    const set = this.byName.get(eventName);
    if (!set) return;
    set.delete(handler);
    if (set.size === 0) this.byName.delete(eventName);
  }

  emit(eventName: string, data: unknown): void {
    this.byName.get(eventName)?.emit(data);
  }
}
