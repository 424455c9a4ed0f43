import type { ISocketEventRecord } from '../types/socketEvent.js';
import type { ReadyInfo } from './deliveryRecovery.js';
import type { ClientEventData, ClientEventName, ReconnectSchedule } from './clientOptions.js';
import { EventHandlerMap, HandlerSet } from './handlerSet.js';
import type { CloseInfo } from './reconnectPolicy.js';

/**
 * The subscription half of the client: every `on…` method and the handler sets the connection logic emits to.
 * Handlers survive reconnects because they live here, not on a socket.
 */
export class ClientSubscriptions<Events extends object = ISocketEventRecord> {
  protected readonly eventHandlers = new EventHandlerMap(error => this.reportError(error));
  protected readonly anyEventHandlers = new HandlerSet<[string, unknown, string | undefined]>(error =>
    this.reportError(error),
  );
  protected readonly fallbackHandlers = new HandlerSet<[unknown]>(error => this.reportError(error));
  protected readonly readyHandlers = new HandlerSet<[string, ReadyInfo]>(error => this.reportError(error));
  protected readonly openHandlers = new HandlerSet<[]>(error => this.reportError(error));
  protected readonly closeHandlers = new HandlerSet<[CloseInfo, boolean]>(error => this.reportError(error));
  protected readonly reconnectingHandlers = new HandlerSet<[ReconnectSchedule]>(error => this.reportError(error));
  protected readonly eventsSkippedHandlers = new HandlerSet<[number]>(error => this.reportError(error));
  // An error handler that throws has nowhere left to report to: rethrow it outside the client.
  protected readonly errorHandlers = new HandlerSet<[unknown]>(error => rethrowLater(error));

  /** Subscribes to one server event; returns the unsubscribe function. */
  on<K extends ClientEventName<Events>>(eventName: K, handler: (data: ClientEventData<K, Events>) => void): () => void {
    return this.eventHandlers.add(eventName, handler as (data: unknown) => void);
  }

  off<K extends ClientEventName<Events>>(eventName: K, handler: (data: ClientEventData<K, Events>) => void): void {
    this.eventHandlers.delete(eventName, handler as (data: unknown) => void);
  }

  /**
   * Every server event (not the system ones the client consumes: sysReady, sysPerformActionBack, sysEventsSkipped),
   * with its offset when it is an event of a namespace with history.
   */
  onEvent(handler: (eventName: string, data: unknown, offset: string | undefined) => void): () => void {
    return this.anyEventHandlers.add(handler);
  }

  /** Frames that are not events: no prefix, JSON that does not parse or is not `[name, data]`, binary. */
  onFallback(handler: (raw: unknown) => void): () => void {
    return this.fallbackHandlers.add(handler);
  }

  /**
   * At each sysReady, with the connection id and `{ id, recovered, epoch, offset }`, after the queue has been
   * flushed and the replayed events delivered. `recovered: false` after a reconnect means events were missed.
   */
  onReady(handler: (id: string, info: ReadyInfo) => void): () => void {
    return this.readyHandlers.add(handler);
  }

  onOpen(handler: () => void): () => void {
    return this.openHandlers.add(handler);
  }

  /** At each close; `willReconnect` tells whether a reconnect will follow. */
  onClose(handler: (close: CloseInfo, willReconnect: boolean) => void): () => void {
    return this.closeHandlers.add(handler);
  }

  /** When a reconnect is scheduled, with its attempt number, drawn delay and cap. */
  onReconnecting(handler: (schedule: ReconnectSchedule) => void): () => void {
    return this.reconnectingHandlers.add(handler);
  }

  /**
   * When the server reports that it skipped `count` events to this client because the client read too slowly
   * (`sysEventsSkipped`, sent once the client has caught up); the total is in `skippedEvents`.
   */
  onEventsSkipped(handler: (count: number) => void): () => void {
    return this.eventsSkippedHandlers.add(handler);
  }

  /**
   * The socket's errors (ws: the Error; browser: the error Event) and exceptions thrown by your handlers.
   * Without any error handler, a handler's exception is rethrown outside the client (like EventTarget does).
   */
  onError(handler: (error: unknown) => void): () => void {
    return this.errorHandlers.add(handler);
  }

  /** Handler exceptions and other errors that are not the socket's: to onError, or rethrown if nobody listens. */
  protected reportError(error: unknown): void {
    if (this.errorHandlers.size > 0) this.errorHandlers.emit(error);
    else rethrowLater(error);
  }
}

/** Out of the client's call stack, so the client's own state stays consistent, yet not swallowed. */
function rethrowLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  }, 0);
}
