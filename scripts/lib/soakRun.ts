import { SocketConnectionAddressLimit } from '../../src/bean/socketConnection.addressLimit.js';
import { startHarnessServer, type IHarnessServer, type ILogCounts } from './harnessServer.js';
import { until, within } from './settle.js';
import { WireClient } from './wireClient.js';

/** Where process warnings are heard: `process` in a script; jest hands in the real one. */
export type WarningSource = Pick<NodeJS.Process, 'on' | 'off'>;

export interface ISoakOptions {
  /** Connect/close cycles. */
  cycles: number;
  /** RPCs answered through the executor. */
  rpcs: number;
  /** Allowed growth of heapUsed after GC, end against start, in bytes; checked only when `gc` is given. */
  heapBoundBytes: number;
  /** A full GC (`global.gc` under --expose-gc); without it the heap is reported, not checked. */
  gc?: () => void;
  warningSource: WarningSource;
  /** Cycles in flight at once. Default 50. */
  concurrency?: number;
  /** Connections carrying the RPCs, each with `rpcWindow` calls outstanding. Defaults 20 and 16. */
  rpcConnections?: number;
  rpcWindow?: number;
  /** Unmeasured cycles and RPCs before the heap's start value is taken. Defaults 200 and 2,000. */
  warmupCycles?: number;
  warmupRpcs?: number;
}

export interface ISoakReport {
  ok: boolean;
  failures: string[];
  cycles: number;
  cyclesPerSecond: number;
  rpcs: number;
  rpcsPerSecond: number;
  heap: { startBytes: number; endBytes: number; deltaBytes: number; boundBytes: number; checked: boolean };
  registryAfter: number;
  warnings: string[];
  log: ILogCounts;
  durationMs: number;
}

const WAIT_MS = 10_000;

/**
 * Soak: many connect/close cycles, then many RPCs, against one in-process server with every built-in on
 * (address cap and rate limit generous, so their bookkeeping is soaked too). Afterwards the registry and
 * the address counts are empty, no process warning was emitted, no error was logged, and heapUsed after GC
 * is within `heapBoundBytes` of what it was after a warm-up. Failures are collected, not thrown.
 */
export async function runSoak(options: ISoakOptions): Promise<ISoakReport> {
  const startedAt = Date.now();
  const failures: string[] = [];
  const warnings: string[] = [];
  const onWarning = (warning: Error) => {
    // Node's notices about experimental flags (jest runs with --experimental-vm-modules) are not about us.
    if (warning.name !== 'ExperimentalWarning') warnings.push(`${warning.name}: ${warning.message}`);
  };
  options.warningSource.on('warning', onWarning);
  const server = await startHarnessServer({
    maxConnectionsPerAddress: 10_000,
    rateLimit: { packetsPerSecond: 1_000_000, burst: 1_000_000 },
  });
  let cyclesMs = 0;
  let rpcsMs = 0;
  let startBytes = 0;
  let endBytes = 0;
  try {
    await runCycles(server, options.warmupCycles ?? 200, options.concurrency ?? 50, failures);
    await runRpcs(server, options.warmupRpcs ?? 2000, options, failures);
    await settle(server, failures);
    startBytes = heapAfterGc(options.gc);

    let phaseStart = Date.now();
    await runCycles(server, options.cycles, options.concurrency ?? 50, failures);
    cyclesMs = Date.now() - phaseStart;
    await settle(server, failures);
    phaseStart = Date.now();
    await runRpcs(server, options.rpcs, options, failures);
    rpcsMs = Date.now() - phaseStart;
    await settle(server, failures);
    endBytes = heapAfterGc(options.gc);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await server.close();
    options.warningSource.off('warning', onWarning);
  }
  const deltaBytes = endBytes - startBytes;
  const checked = options.gc !== undefined;
  if (checked && deltaBytes > options.heapBoundBytes) {
    failures.push(`heapUsed after GC grew by ${mb(deltaBytes)}, over the bound of ${mb(options.heapBoundBytes)}`);
  }
  if (server.app.registry.total !== 0) failures.push(`${server.app.registry.total} connections left in the registry`);
  if (warnings.length > 0) failures.push(`process warnings: ${warnings.join(' | ')}`);
  if (server.log.error > 0) failures.push(`${server.log.error} errors logged: ${server.log.firstErrors.join(' | ')}`);
  return {
    ok: failures.length === 0,
    failures,
    cycles: options.cycles,
    cyclesPerSecond: rate(options.cycles, cyclesMs),
    rpcs: options.rpcs,
    rpcsPerSecond: rate(options.rpcs, rpcsMs),
    heap: { startBytes, endBytes, deltaBytes, boundBytes: options.heapBoundBytes, checked },
    registryAfter: server.app.registry.total,
    warnings,
    log: server.log,
    durationMs: Date.now() - startedAt,
  };
}

/**
 * `count` connections, `concurrency` at a time: each waits for sysReady, then leaves in one of four ways
 * (clean close; an RPC then close; terminate without a close frame; close as a signed-in user).
 */
async function runCycles(server: IHarnessServer, count: number, concurrency: number, failures: string[]) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const signedIn = n % 4 === 3;
      const client = new WireClient(server.url(signedIn ? `?x-vona-passport-code=valid:user${n % 10}` : ''));
      try {
        await within(client.ready, WAIT_MS, `cycle ${n} connecting`);
        if (n % 4 === 1) {
          const back = await within(client.call({ i: n, m: 'get', p: '/api/echo', q: { n } }), WAIT_MS, `cycle ${n}`);
          if (back.c !== 0) failures.push(`cycle ${n}: the RPC answered ${JSON.stringify(back)}`);
        }
        if (n % 4 === 2) {
          client.ws.terminate();
          await client.closed;
        } else {
          await client.close();
        }
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        client.ws.terminate();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** `total` RPCs over `rpcConnections` connections, each keeping `rpcWindow` calls outstanding; every answer checked. */
async function runRpcs(server: IHarnessServer, total: number, options: ISoakOptions, failures: string[]) {
  const clients = Array.from({ length: options.rpcConnections ?? 20 }, () => new WireClient(server.url()));
  await Promise.all(clients.map(client => within(client.ready, WAIT_MS, 'an RPC connection connecting')));
  let sent = 0;
  const loop = async (client: WireClient) => {
    while (sent < total) {
      const n = sent++;
      const back = await within(
        client.call({ i: n, m: 'post', p: '/api/echo', b: { n, text: 'soak' } }),
        WAIT_MS,
        `RPC ${n}`,
      );
      const d = back.d as { n?: number } | undefined;
      if (back.c !== 0 || d?.n !== n) {
        failures.push(`RPC ${n} answered ${JSON.stringify(back)}`);
        return;
      }
    }
  };
  try {
    await Promise.all(clients.flatMap(client => Array.from({ length: options.rpcWindow ?? 16 }, () => loop(client))));
  } finally {
    await Promise.all(clients.map(client => client.close()));
  }
}

/** Waits until every connection has left; then nothing may be left counted anywhere. */
async function settle(server: IHarnessServer, failures: string[]): Promise<void> {
  await until(() => server.app.registry.total === 0, WAIT_MS, 'the registry emptying');
  const addresses = server.app.bean(SocketConnectionAddressLimit).addressCount;
  if (addresses !== 0) failures.push(`${addresses} addresses still hold a connection count`);
}

function heapAfterGc(gc: (() => void) | undefined): number {
  if (gc) for (let round = 0; round < 3; round++) gc();
  return process.memoryUsage().heapUsed;
}

function rate(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : 0;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
