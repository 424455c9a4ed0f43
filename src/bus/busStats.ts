/** Counters every bus keeps; they only grow, so a monitor can diff two snapshots. */
export interface IBroadcastBusStats {
  /** Publications handed on: to the hub (in-process) or acknowledged by Redis. */
  published: number;
  /** Valid envelopes passed to the handler, this process's own included. */
  received: number;
  /** Publications lost on this side; the reasons are logged (throttled). */
  dropped: number;
  /** Times the handler threw; the error is logged and delivery goes on. */
  handlerErrors: number;
}

export interface IRedisBusStats extends IBroadcastBusStats {
  /** Gauge: publications waiting in the outage buffer right now. */
  buffered: number;
  /** Gauge: publications written to Redis and not yet acknowledged. */
  inFlight: number;
  /** Messages on the channel that were not a valid envelope of this version, dropped. */
  invalid: number;
  /** Whether the publishing connection is ready now. */
  publisherReady: boolean;
  /** Whether the subscribing connection is ready now (it resubscribes by itself after a reconnect). */
  subscriberReady: boolean;
}
