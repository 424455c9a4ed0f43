import { cpuMsSince, nowMs } from '../lib/clock.js';
import { type IBroadcastSent, type IRoundMeasurement } from '../lib/ipc.js';
import { type IBroadcastParams } from '../lib/scenarioParams.js';
import { connectMany } from './connectMany.js';
import { type IRoundContext } from './roundContext.js';

/** Generous: a delivery rate below 10k/s (or under 10 s in all) means something is broken, not slow. */
function deliveryTimeoutMs(deliveries: number): number {
  return Math.max(10_000, deliveries / 10);
}

/**
 * Broadcast throughput: the server sends `messages` to every client; deliveries per second run from
 * the server's first send to the moment the last client has received the last message.
 */
export async function runBroadcast(context: IRoundContext, params: IBroadcastParams): Promise<IRoundMeasurement> {
  const clients = await connectMany(() => context.connect(), params.clients, params.connectConcurrency);
  const received = new Uint32Array(clients.length);
  let expected = 0;
  let clientsComplete = 0;
  let lastReceiptMs = 0;
  let onAllReceived = () => {};
  clients.forEach((client, index) =>
    client.setEventListener(() => {
      if (++received[index] !== expected) return;
      if (++clientsComplete === clients.length) {
        lastReceiptMs = nowMs();
        onAllReceived();
      }
    }),
  );

  /** One broadcast of `count` messages, resolved once every client has them all. */
  const broadcastAndWait = async (count: number): Promise<IBroadcastSent> => {
    received.fill(0);
    clientsComplete = 0;
    expected = count;
    const allReceived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          const behind = clients.length - clientsComplete;
          reject(new Error(`${behind} of ${clients.length} clients still missed messages after the timeout`));
        },
        deliveryTimeoutMs(count * clients.length),
      );
      onAllReceived = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const sent = await context.server.request({
      cmd: 'broadcast',
      count,
      payloadBytes: params.payloadBytes,
      burst: params.burst,
    });
    await allReceived;
    return sent;
  };

  await broadcastAndWait(params.warmupMessages);
  await context.server.request({ cmd: 'mark' });
  const cpuAtStart = process.cpuUsage();
  const sent = await broadcastAndWait(params.messages);
  const generatorCpuMs = cpuMsSince(cpuAtStart);
  const report = await context.server.request({ cmd: 'report' });

  if (report.memory.connections !== clients.length) {
    throw new Error(
      `the server holds ${report.memory.connections} connections, the generator opened ${clients.length}`,
    );
  }
  const deliveries = params.messages * clients.length;
  const windowMs = lastReceiptMs - sent.firstSendMs;
  return {
    scenario: 'broadcast',
    ops: deliveries,
    windowMs,
    rate: (deliveries * 1000) / windowMs,
    // All the server's work for these deliveries lies between mark and report; nothing else runs.
    serverCpuMs: report.cpuUserMs + report.cpuSystemMs,
    generatorCpuMs,
  };
}
