import { type ScenarioParams } from '../lib/scenarioParams.js';
import { type ScenarioKind } from '../lib/system.js';
import { type IBenchOptions } from './options.js';

/** One table of the report: a scenario at one size. */
export interface IVariant {
  /** `rpc`, `broadcast-1000`, `connect`: names the table, the results entry and profiles. */
  id: string;
  kind: ScenarioKind;
  title: string;
  /** What one operation is, for the rate column: calls/s, deliveries/s, handshakes/s. */
  unit: string;
  params: ScenarioParams;
  /** Connections each process holds at the peak: checked against the fd limit. */
  connections: number;
  /** Hard limit of one round (start, setup, measurement): past it both processes are killed. */
  timeoutMs: number;
}

const SETUP_MS = 30_000;

function rpc(quick: boolean, httpPipeline: number): IVariant {
  const params = {
    scenario: 'rpc',
    clients: 50,
    inFlight: 8,
    httpPipeline: Math.min(httpPipeline, 8),
    payloadBytes: 100,
    warmupMs: quick ? 300 : 2000,
    durationMs: quick ? 1000 : 5000,
  } as const;
  return {
    id: 'rpc',
    kind: 'rpc',
    title:
      `rpc: ${params.clients} clients × ${params.inFlight} calls in flight, ${params.payloadBytes}-byte bodies, ` +
      `${params.durationMs / 1000} s measured; HTTP rows: ${params.httpPipeline} request(s) in flight per connection`,
    unit: 'calls/s',
    params,
    // HTTP clients open a connection per `httpPipeline` calls in flight.
    connections: params.clients * Math.ceil(params.inFlight / params.httpPipeline),
    timeoutMs: SETUP_MS + params.warmupMs + params.durationMs,
  };
}

function broadcast(clients: number, burst: number): IVariant {
  const params = {
    scenario: 'broadcast',
    clients,
    messages: 200,
    payloadBytes: 200,
    burst,
    warmupMessages: 20,
    connectConcurrency: 100,
  } as const;
  return {
    id: `broadcast-${clients}`,
    kind: 'broadcast',
    title: `broadcast: ${clients} clients × ${params.messages} messages of ${params.payloadBytes} bytes, ${burst} per event-loop turn`,
    unit: 'deliveries/s',
    params,
    connections: clients,
    timeoutMs: SETUP_MS + clients * 20,
  };
}

function connect(connections: number): IVariant {
  const params = { scenario: 'connect', connections, concurrency: 50 } as const;
  return {
    id: 'connect',
    kind: 'connect',
    title: `connect: ${connections} handshakes, ${params.concurrency} at a time, all kept open; then memory per idle connection`,
    unit: 'handshakes/s',
    params,
    connections,
    timeoutMs: SETUP_MS + connections * 20,
  };
}

function crossProcess(clients: number, burst: number): IVariant {
  const params = {
    scenario: 'cross-process',
    clients,
    messages: 200,
    payloadBytes: 200,
    burst,
    warmupMessages: 20,
    connectConcurrency: 100,
    latencyClients: 20,
    latencyMessages: 50,
    latencyIntervalMs: 10,
  } as const;
  return {
    id: 'cross-process',
    kind: 'cross-process',
    title:
      `cross-process: 2 server processes joined by Redis, clients on A, broadcasts made on B vs. on A: ` +
      `${params.latencyMessages} paced messages to ${params.latencyClients} clients for latency, then ` +
      `${params.messages} messages of ${params.payloadBytes} bytes to ${clients} clients`,
    unit: 'deliveries/s',
    params,
    connections: clients,
    timeoutMs: SETUP_MS + clients * 40,
  };
}

/** The scenarios at the sizes of a full run, or scaled down with --quick; filtered by --only. */
export function planVariants(options: IBenchOptions): IVariant[] {
  const { quick } = options;
  const all = [
    rpc(quick, options.httpPipeline),
    ...(quick ? [200, 500] : [1000, 5000]).map(clients => broadcast(clients, options.burst)),
    connect(quick ? 300 : 2000),
    crossProcess(quick ? 200 : 1000, options.burst),
  ];
  return all.filter(variant => options.only.includes(variant.kind));
}
