/**
 * Messages between the three processes of a round. The runner (parent) forks a server process and a
 * load-generator process; the generator drives the round and reaches the server only through the
 * runner, which relays its requests. Every request carries an id so answers can come back in any order.
 */
import { type ClientProtocol, type ScenarioKind } from './system.js';
import { type ScenarioParams } from './scenarioParams.js';

/** Commands the server process understands. */
export type ServerCommand =
  /** Starts the measured window: remembers the process's cpuUsage and the time. */
  | { cmd: 'mark' }
  /** Ends the measured window: CPU used since `mark`, memory now, open connections. */
  | { cmd: 'report' }
  /** Broadcasts `count` messages of about `payloadBytes`, `burst` of them per event-loop turn. */
  | { cmd: 'broadcast'; count: number; payloadBytes: number; burst: number }
  /** Memory after a full garbage collection (the server runs with --expose-gc). */
  | { cmd: 'memory' }
  /** Broadcasts `count` messages one at a time, one every `intervalMs`: the latency phase. */
  | { cmd: 'broadcastPaced'; count: number; payloadBytes: number; intervalMs: number };

export interface IMemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  /** True when `gc()` really ran; false means the numbers include garbage. */
  collected: boolean;
  connections: number;
}

export interface IServerReport {
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Wall time since `mark`. */
  elapsedMs: number;
  memory: IMemorySample;
}

export interface IBroadcastSent {
  /** Monotonic clock (ms, system-wide on Linux and macOS) just before the first send. */
  firstSendMs: number;
  /** The same clock right after the last `broadcast` call returned (data may still sit in buffers). */
  lastSendMs: number;
}

export interface IBroadcastPacedSent {
  /** Monotonic clock (ms) just before each message's `broadcast` call, by message. */
  sendMs: number[];
}

export interface IServerCommandResults {
  mark: Record<string, never>;
  report: IServerReport;
  broadcast: IBroadcastSent;
  memory: IMemorySample;
  broadcastPaced: IBroadcastPacedSent;
}

/** Which server process a command is for: `a` is the only one, or the one holding the clients. */
export type ServerTarget = 'a' | 'b';

export type ServerCommandResult = IServerCommandResults[keyof IServerCommandResults];

/** runner → server */
export type ToServerMessage = { type: 'request'; id: number; command: ServerCommand } | { type: 'stop' };

/** server → runner */
export type FromServerMessage =
  | { type: 'ready' }
  | { type: 'startFailed'; message: string }
  | { type: 'response'; id: number; result?: ServerCommandResult; error?: string };

/** What the generator needs to run one round against one system. */
export interface IGeneratorJob {
  system: string;
  protocol: ClientProtocol;
  /** `ws://…` for ws-based protocols, `http://…/namespace` for socket.io. */
  url: string;
  params: ScenarioParams;
}

/** One round of one system in one scenario, as the generator measured it. */
export interface IRoundMeasurement {
  scenario: ScenarioKind;
  /** Operations completed in the window: calls, deliveries or handshakes. */
  ops: number;
  windowMs: number;
  /** ops per second. */
  rate: number;
  /** Per-operation latency (RPC round trip, handshake); absent for broadcast. */
  latencyMs?: { p50: number; p99: number };
  serverCpuMs: number;
  generatorCpuMs: number;
  /** Connect only: server memory growth divided by the connections held. */
  memory?: IMemoryPerConnection;
  /** Cross-process only: the rate and latency above are across processes; these are the local ones. */
  crossProcess?: ICrossProcessMeasurement;
}

export interface ICrossProcessMeasurement {
  /** The same broadcast triggered in the process that holds the clients. */
  localRate: number;
  localLatencyMs: { p50: number; p99: number };
  /** CPU of the process holding the clients and of the publishing process, in the cross-process window. */
  serverCpuMsA: number;
  serverCpuMsB: number;
}

export interface IMemoryPerConnection {
  connections: number;
  /** The headline measure: heapUsed + external after full GCs, growth per connection. */
  heapExternalBytes: number;
  /** RSS growth per connection: includes allocator slack, shown for comparison. */
  rssBytes: number;
  collected: boolean;
}

/** runner → generator */
export type ToGeneratorMessage =
  | { type: 'run'; job: IGeneratorJob }
  | { type: 'serverResponse'; id: number; result?: ServerCommandResult; error?: string };

/** generator → runner */
export type FromGeneratorMessage =
  | { type: 'serverRequest'; id: number; command: ServerCommand; target?: ServerTarget }
  | { type: 'result'; measurement: IRoundMeasurement }
  | { type: 'failed'; message: string };
