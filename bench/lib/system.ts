/**
 * The contract between the harness and one system under test. A system is one file in
 * `bench/systems/<name>.ts` that exports `system: IBenchSystem`; the harness finds it by file name,
 * starts it in its own server process and drives it over IPC, so adding a system is adding a file.
 */

/** What a round measures; a system may set itself up differently per scenario (most do not). */
export type ScenarioKind = 'rpc' | 'broadcast' | 'connect' | 'cross-process';

/**
 * How the load generator talks to a system:
 * - `ws-json`: raw ws, RPC frames `{"i":<id>,"b":<body>}` echoed back as they are;
 * - `wire`: the a-socket wire protocol (DESIGN §5): waits for `_a` (sysReady), RPC via `_b` → `_c`;
 * - `socketio`: socket.io-client, websocket transport only, RPC via `emit('rpc', body, ack)`;
 * - `http`: HTTP/1.1 keep-alive, RPC via `POST /api/echo` requests pipelined on one connection.
 * Broadcast frames are only counted by the clients, never parsed, so the generator's cost per
 * delivery is the same for every ws-based system.
 */
export type ClientProtocol = 'ws-json' | 'wire' | 'socketio' | 'http';

export interface IClientSpec {
  protocol: ClientProtocol;
  /** URL path the clients connect to: a WebSocket path (`/ws`), the socket.io namespace (`/bench`), or `/` for HTTP. */
  path: string;
}

/** One broadcast message as the server produces it; the system serialises it once per message. */
export interface IBroadcastMessage {
  seq: number;
  text: string;
}

/** The event name every system broadcasts under. */
export const BROADCAST_EVENT = 'bench';

/** A started server of one system, as the harness controls it. */
export interface IRunningServer {
  /** Sends `message` to every connected client, the way the system does a broadcast. */
  broadcast(message: IBroadcastMessage): void;
  /** Connections the server holds open now; the harness checks it against what the clients opened. */
  connectionCount(): number;
  /** Stops listening and releases the port; the process exits right after, so it need not wait for clients. */
  close(): Promise<void>;
}

/** How a system joins the others of a cross-process round: one Redis, one channel prefix per run. */
export interface ICrossProcessOptions {
  redisUrl: string;
  /** Unique per run, so runs (and other apps on the same Redis) never see each other. */
  prefix: string;
  /** This process's id on the bus. */
  workerId: string;
}

export interface IBenchSystem {
  /** Equal to the file name (`ws-raw`); used in tables, flags and results. */
  readonly name: string;
  /** One line for the README table and the results file. */
  readonly description: string;
  readonly client: IClientSpec;
  /** The scenarios it takes part in; all when absent (an HTTP reference server has only rpc). */
  readonly scenarios?: readonly ScenarioKind[];
  /**
   * The HTTP keep-alive system that serves the same route with the same app: its server CPU per call is the
   * cost this system's RPC path is compared with (`CPU ×HTTP` in the rpc table). The echo servers without an
   * app of their own (raw ws, the bare wire protocol, socket.io, the direct executor) are held against
   * `http-plain`: their ratio is the floor a WebSocket echo sets for the socket rows.
   */
  readonly httpReference?: string;
  /**
   * Listens on 127.0.0.1:`port` and resolves once connections are accepted. Rejecting (or throwing,
   * including a failed import) marks the system as not available: the harness skips it and goes on.
   */
  start(port: number, scenario: ScenarioKind): Promise<IRunningServer>;
  /**
   * Optional: starts the system as one of several processes joined by a Redis broadcast bus, where a
   * broadcast in any process reaches the clients of every process. Only systems with it run the
   * cross-process scenario.
   */
  startCrossProcess?(port: number, options: ICrossProcessOptions): Promise<IRunningServer>;
}
