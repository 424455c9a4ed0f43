import { type IBenchClient } from '../clients/client.js';
import { cpuMsSince, nowMs } from '../lib/clock.js';
import { type IRoundMeasurement, type ServerTarget } from '../lib/ipc.js';
import { type ICrossProcessParams } from '../lib/scenarioParams.js';
import { median, SampleBuffer } from '../lib/stats.js';
import { connectMany } from './connectMany.js';
import { type IRoundContext } from './roundContext.js';

/** Generous: below 10k deliveries/s (or under 10 s in all) something is broken, not slow. */
function deliveryTimeoutMs(deliveries: number): number {
  return Math.max(10_000, deliveries / 10);
}

/**
 * Counts the broadcast frames every client receives and, when asked, the time each one arrives. A
 * client receives the messages of one broadcast in order, so its n-th frame is message n.
 */
class Receipts {
  private readonly received: Uint32Array;
  private expected = 0;
  private complete = 0;
  private onComplete = () => {};
  /** Arrival times by client × message, while timing. */
  private times: Float64Array | undefined;
  lastReceiptMs = 0;

  constructor(private readonly clients: readonly IBenchClient[]) {
    // A client has one listener: this replaces the one of an earlier Receipts.
    this.received = new Uint32Array(clients.length);
    clients.forEach((client, index) =>
      client.setEventListener(() => {
        const n = this.received[index]++;
        if (this.times) this.times[index * this.expected + n] = nowMs();
        if (n + 1 !== this.expected) return;
        if (++this.complete === this.clients.length) {
          this.lastReceiptMs = nowMs();
          this.onComplete();
        }
      }),
    );
  }

  get clientCount(): number {
    return this.clients.length;
  }

  /** Resolves once every client has `count` new messages. */
  expect(count: number, timed: boolean): Promise<void> {
    this.received.fill(0);
    this.complete = 0;
    this.expected = count;
    this.times = timed ? new Float64Array(count * this.clients.length) : undefined;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          const behind = this.clients.length - this.complete;
          reject(new Error(`${behind} of ${this.clients.length} clients still missed messages after the timeout`));
        },
        deliveryTimeoutMs(count * this.clients.length),
      );
      this.onComplete = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Adds every delivery's latency to `samples`: its arrival minus the send time of its message. */
  addLatencies(sendMs: readonly number[], samples: SampleBuffer): void {
    const times = this.times;
    if (!times) throw new Error('addLatencies() after an untimed broadcast');
    for (let client = 0; client < this.clients.length; client++) {
      for (let n = 0; n < sendMs.length; n++) samples.add(times[client * sendMs.length + n] - sendMs[n]);
    }
  }
}

/** Rounds of each kind, alternating local and across processes so neither always goes first. */
const ALTERNATIONS = 2;
const LATENCY_CHUNKS = 5;

/**
 * Broadcast across processes: servers A and B share a Redis bus and every client is on A. Each
 * broadcast is made once on A (local: what a single process does) and once on B (it reaches A's
 * clients through Redis), alternating so neither always goes first.
 * - Latency first, with only `latencyClients` connected: paced single messages, so a delivery waits on
 *   neither a queue nor a busy generator, and `cross - local` is the time the hop through Redis adds.
 * - Then every client connects: deliveries per second at full speed (bursts, as in the broadcast
 *   scenario), and the servers' CPU over the last cross-process burst.
 */
export async function runCrossProcess(context: IRoundContext, params: ICrossProcessParams): Promise<IRoundMeasurement> {
  const { server } = context;
  const connect = (count: number) => connectMany(() => context.connect(), count, params.connectConcurrency);

  const burst = async (receipts: Receipts, target: ServerTarget, count: number) => {
    const received = receipts.expect(count, false);
    const sent = await server.request(
      { cmd: 'broadcast', count, payloadBytes: params.payloadBytes, burst: params.burst },
      target,
    );
    await received;
    return (count * receipts.clientCount * 1000) / (receipts.lastReceiptMs - sent.firstSendMs);
  };
  const paced = async (receipts: Receipts, target: ServerTarget, count: number, samples: SampleBuffer) => {
    const received = receipts.expect(count, true);
    const { sendMs } = await server.request(
      { cmd: 'broadcastPaced', count, payloadBytes: params.payloadBytes, intervalMs: params.latencyIntervalMs },
      target,
    );
    await received;
    receipts.addLatencies(sendMs, samples);
  };

  const firstClients = await connect(Math.min(params.latencyClients, params.clients));
  const few = new Receipts(firstClients);
  // Warm-ups: the first message from B also proves both processes are on the same channel.
  await burst(few, 'b', params.warmupMessages);
  await burst(few, 'a', params.warmupMessages);
  const localSamples = new SampleBuffer();
  const crossSamples = new SampleBuffer();
  const perChunk = Math.max(1, Math.round(params.latencyMessages / LATENCY_CHUNKS));
  for (let chunk = 0; chunk < LATENCY_CHUNKS; chunk++) {
    await paced(few, 'a', perChunk, localSamples);
    await paced(few, 'b', perChunk, crossSamples);
  }

  const clients = [...firstClients, ...(await connect(params.clients - firstClients.length))];
  const all = new Receipts(clients);
  await burst(all, 'b', params.warmupMessages);
  await burst(all, 'a', params.warmupMessages);
  const localRates: number[] = [];
  const crossRates: number[] = [];
  for (let i = 0; i < ALTERNATIONS - 1; i++) {
    localRates.push(await burst(all, 'a', params.messages));
    crossRates.push(await burst(all, 'b', params.messages));
  }
  localRates.push(await burst(all, 'a', params.messages));
  // The last cross-process burst is the measured window of CPU.
  await Promise.all([server.request({ cmd: 'mark' }, 'a'), server.request({ cmd: 'mark' }, 'b')]);
  const cpuAtStart = process.cpuUsage();
  const windowStart = nowMs();
  crossRates.push(await burst(all, 'b', params.messages));
  const windowMs = nowMs() - windowStart;
  const generatorCpuMs = cpuMsSince(cpuAtStart);
  const [reportA, reportB] = await Promise.all([
    server.request({ cmd: 'report' }, 'a'),
    server.request({ cmd: 'report' }, 'b'),
  ]);

  if (reportA.memory.connections !== clients.length) {
    throw new Error(`server A holds ${reportA.memory.connections} connections, the generator opened ${clients.length}`);
  }
  const serverCpuMsA = reportA.cpuUserMs + reportA.cpuSystemMs;
  const serverCpuMsB = reportB.cpuUserMs + reportB.cpuSystemMs;
  return {
    scenario: 'cross-process',
    ops: params.messages * clients.length,
    windowMs,
    rate: median(crossRates),
    latencyMs: crossSamples.percentiles(),
    serverCpuMs: serverCpuMsA + serverCpuMsB,
    generatorCpuMs,
    crossProcess: {
      localRate: median(localRates),
      localLatencyMs: localSamples.percentiles(),
      serverCpuMsA,
      serverCpuMsB,
    },
  };
}
