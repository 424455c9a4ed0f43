/** The sizes of one scenario variant; the runner picks them (full or --quick), the generator runs them. */
export interface IRpcParams {
  scenario: 'rpc';
  clients: number;
  /** Calls each client keeps outstanding: a closed loop, a new call as soon as one is answered. */
  inFlight: number;
  /**
   * HTTP clients only: requests in flight per connection (pipelined). A client opens `inFlight / httpPipeline`
   * connections, so the load is the same whatever the value.
   */
  httpPipeline: number;
  payloadBytes: number;
  warmupMs: number;
  durationMs: number;
}

export interface IBroadcastParams {
  scenario: 'broadcast';
  clients: number;
  messages: number;
  payloadBytes: number;
  /** Messages the server sends per event-loop turn (writes can only coalesce within one turn). */
  burst: number;
  /** Messages of the unmeasured warm-up broadcast. */
  warmupMessages: number;
  /** Handshakes in flight while the clients connect (setup, not measured). */
  connectConcurrency: number;
}

export interface IConnectParams {
  scenario: 'connect';
  connections: number;
  concurrency: number;
}

/**
 * Two server processes A and B joined by a Redis bus; the clients are on A. The same broadcasts are
 * triggered on A (local) and on B (across processes): the latency of paced single messages to a few
 * clients, then deliveries per second at full speed to all of them.
 */
export interface ICrossProcessParams {
  scenario: 'cross-process';
  clients: number;
  messages: number;
  payloadBytes: number;
  burst: number;
  warmupMessages: number;
  connectConcurrency: number;
  /** Clients connected during the latency phase (the others connect after it). */
  latencyClients: number;
  /** Paced messages of the latency phase, one every `latencyIntervalMs`. */
  latencyMessages: number;
  latencyIntervalMs: number;
}

export type ScenarioParams = IRpcParams | IBroadcastParams | IConnectParams | ICrossProcessParams;
