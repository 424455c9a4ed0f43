import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMsSince, nowMs } from '../lib/clock.js';
import { type IMemorySample, type IRoundMeasurement } from '../lib/ipc.js';
import { type IConnectParams } from '../lib/scenarioParams.js';
import { SampleBuffer } from '../lib/stats.js';
import { connectMany } from './connectMany.js';
import { type IRoundContext } from './roundContext.js';

/** Time for the server to finish what follows a handshake (timers, lazily built state) before weighing it. */
const SETTLE_MS = 300;

const heapAndExternal = (sample: IMemorySample) => sample.heapUsed + sample.external;

/**
 * Handshakes per second through the system's full connection chain, then the server's memory per
 * idle connection: growth of heapUsed + external after full GCs, divided by the connections held.
 */
export async function runConnect(context: IRoundContext, params: IConnectParams): Promise<IRoundMeasurement> {
  const before = await context.server.request({ cmd: 'memory' });
  await context.server.request({ cmd: 'mark' });
  const cpuAtStart = process.cpuUsage();
  const startedAt = nowMs();
  const latencies = new SampleBuffer();
  const clients = await connectMany(
    () => context.connect(),
    params.connections,
    params.concurrency,
    ms => latencies.add(ms),
  );
  const windowMs = nowMs() - startedAt;
  const generatorCpuMs = cpuMsSince(cpuAtStart);
  const report = await context.server.request({ cmd: 'report' });

  await sleep(SETTLE_MS);
  const after = await context.server.request({ cmd: 'memory' });
  if (after.connections !== clients.length) {
    throw new Error(`the server holds ${after.connections} connections, the generator opened ${clients.length}`);
  }
  return {
    scenario: 'connect',
    ops: clients.length,
    windowMs,
    rate: (clients.length * 1000) / windowMs,
    latencyMs: latencies.percentiles(),
    serverCpuMs: report.cpuUserMs + report.cpuSystemMs,
    generatorCpuMs,
    memory: {
      connections: clients.length,
      heapExternalBytes: (heapAndExternal(after) - heapAndExternal(before)) / clients.length,
      rssBytes: (after.rss - before.rss) / clients.length,
      collected: before.collected && after.collected,
    },
  };
}
