import { setTimeout as sleep } from 'node:timers/promises';
import { type IBenchClient } from '../clients/client.js';
import { cpuMsSince, nowMs } from '../lib/clock.js';
import { type IRoundMeasurement } from '../lib/ipc.js';
import { type IRpcParams } from '../lib/scenarioParams.js';
import { SampleBuffer } from '../lib/stats.js';
import { connectMany } from './connectMany.js';
import { rpcBody } from './payload.js';
import { type IRoundContext } from './roundContext.js';

/**
 * RPC throughput: every client keeps `inFlight` calls outstanding (closed loop) for a warm-up, then
 * for `durationMs` the calls answered and their round-trip times are counted.
 */
export async function runRpc(context: IRoundContext, params: IRpcParams): Promise<IRoundMeasurement> {
  const clients = await connectMany(() => context.connect(), params.clients, params.clients);
  const body = rpcBody(params.payloadBytes);
  const latencies = new SampleBuffer();
  let measuring = false;
  let running = true;
  let answered = 0;
  let failure: string | undefined;

  const callLoop = (client: IBenchClient) => {
    const sentAt = nowMs();
    client.call(body, error => {
      if (error !== undefined) {
        failure ??= error;
        return;
      }
      if (measuring) {
        answered++;
        latencies.add(nowMs() - sentAt);
      }
      if (running) callLoop(client);
    });
  };
  for (const client of clients) for (let i = 0; i < params.inFlight; i++) callLoop(client);

  await sleep(params.warmupMs);
  await context.server.request({ cmd: 'mark' });
  const cpuAtStart = process.cpuUsage();
  const startedAt = nowMs();
  measuring = true;
  await sleep(params.durationMs);
  measuring = false;
  const windowMs = nowMs() - startedAt;
  const generatorCpuMs = cpuMsSince(cpuAtStart);
  const report = await context.server.request({ cmd: 'report' });
  running = false;

  if (failure !== undefined) throw new Error(`an RPC failed: ${failure}`);
  if (answered === 0) throw new Error('no RPC was answered in the measured window');
  // The server's window is a little longer (it spans the IPC round trips of mark and report) while
  // the load runs all along: scale its CPU to the generator's window.
  const serverCpuMs = ((report.cpuUserMs + report.cpuSystemMs) * windowMs) / report.elapsedMs;
  return {
    scenario: 'rpc',
    ops: answered,
    windowMs,
    rate: (answered * 1000) / windowMs,
    latencyMs: latencies.percentiles(),
    serverCpuMs,
    generatorCpuMs,
  };
}
