/**
 * `npx tsc -p tsconfig.bench.json && node dist/bench/tools/historyThroughput.js [--messages N]
 * [--paced M] [--rate R] [--rounds K] [--redis URL]`: cross-process delivery through Redis with
 * history (RedisHistory: append script, XREAD by every process) against plain pub/sub (RedisBus:
 * PUBLISH, SUBSCRIBE), in one run, so the DESIGN §11 bar (history ≥ 0.5× the pub/sub delivery
 * rate, ≤ 2 ms added p99) can be checked on the transport alone, before any socket is involved.
 *
 * Two processes per round, as two app processes: this one publishes (and reads, as every process
 * does), a forked one only reads; each holds both systems. Latency: `paced` messages per system
 * at `rate`/s, the two systems interleaved in the same window (so machine noise hits both alike),
 * stamped with the system-wide monotonic clock and measured in the reader process on receipt.
 * Rate: per system in turn, `messages` sent as fast as the publisher allows (history: ≤ 1000
 * appends awaiting Redis; pub/sub: ≤ 900 publications in flight or buffered, below its drop
 * point), from the first send to the reader's last receipt. The table shows medians over rounds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createConsoleLogger } from '../../src/index.js';
import { BUS_ENVELOPE_VERSION } from '../../src/bus/broadcastBus.js';
import { RedisBus } from '../../src/bus/redis/index.js';
import { RedisHistory } from '../../src/bus/history/redisHistory.js';
import { nowMs } from '../lib/clock.js';
import { median, SampleBuffer } from '../lib/stats.js';

const SYSTEMS = ['pubsub', 'history'] as const;
type SystemName = (typeof SYSTEMS)[number];

interface IStartReader {
  prefix: string;
  url: string;
  paced: number;
  messages: number;
}

type Percentiles = { p50: number; p99: number };

type ReaderReport =
  | { ready: true }
  | { latency: Record<SystemName, Percentiles> }
  | { lastAt: number; system: SystemName }
  | { failed: string };

interface ITickData {
  /** `p`: paced (latency), `r`: rate. */
  phase: 'p' | 'r';
  n: number;
  /** Monotonic send time (ms), comparable across processes. */
  t: number;
  text: string;
}

const NAMESPACE = '/feed';
const LIMITS = { size: 10_000, ttlMs: 120_000 };
const logger = createConsoleLogger('warn', '[bench]');

/**
 * One side of a system: publish a message, and hear every message (this process's own included).
 * `send` never waits; `room` resolves once the publisher may take another message without
 * dropping or queueing without bound (undefined when it may at once).
 */
interface IEndpoint {
  send(data: ITickData): void;
  room(): Promise<void> | undefined;
  close(): Promise<void>;
}

const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await nextTurn();
}

async function endpoint(
  system: SystemName,
  url: string,
  prefix: string,
  onData: (data: ITickData) => void,
): Promise<IEndpoint> {
  if (system === 'history') {
    const store = new RedisHistory({ url, prefix, logger });
    await store.subscribe({ [NAMESPACE]: LIMITS }, { entry: entry => onData(entry.data as ITickData) });
    let pending = 0;
    return {
      send(data) {
        pending++;
        store.append(NAMESPACE, { kind: 'broadcast', eventName: 'tick', data }).then(
          () => pending--,
          (error: Error) => logger.error(`append failed: ${error.message}`),
        );
      },
      room: () => (pending < 1000 ? undefined : waitUntil(() => pending < 1000)),
      close: () => store.close(),
    };
  }
  const bus = new RedisBus({ url, prefix, logger });
  await bus.subscribe(envelope => {
    if (envelope.kind === 'broadcast') onData(envelope.data as ITickData);
  });
  // RedisBus.publish is fire-and-forget over its own bounded buffer (1000): stay below it, never drop.
  const full = () => bus.stats.inFlight + bus.stats.buffered >= 900;
  return {
    send: data =>
      bus.publish({
        v: BUS_ENVELOPE_VERSION,
        worker: 'bench',
        kind: 'broadcast',
        namespace: NAMESPACE,
        eventName: 'tick',
        data,
      }),
    room: () => (full() ? waitUntil(() => !full()) : undefined),
    close: () => bus.close(),
  };
}

/** Both systems of one process, each under its own prefix. */
async function endpoints(
  url: string,
  prefix: string,
  onData: (system: SystemName, data: ITickData) => void,
): Promise<Record<SystemName, IEndpoint>> {
  const [pubsub, history] = await Promise.all(
    SYSTEMS.map(system => endpoint(system, url, `${prefix}-${system}`, data => onData(system, data))),
  );
  return { pubsub: pubsub as IEndpoint, history: history as IEndpoint };
}

/** The forked process: reads, measures on receipt, reports to the parent. */
function runReader(): void {
  const send = (report: ReaderReport) => process.send?.(report);
  process.once('message', async (start: IStartReader) => {
    const latencies = { pubsub: new SampleBuffer(), history: new SampleBuffer() };
    const received = { pubsub: 0, history: 0 };
    const onData = (system: SystemName, data: ITickData) => {
      if (data.phase === 'p') {
        latencies[system].add(nowMs() - data.t);
        if (SYSTEMS.every(name => latencies[name].count === start.paced)) {
          send({ latency: { pubsub: latencies.pubsub.percentiles(), history: latencies.history.percentiles() } });
        }
      } else if (++received[system] === start.messages) {
        send({ lastAt: nowMs(), system });
      }
    };
    const readers = await endpoints(start.url, start.prefix, onData).catch((error: Error) => {
      send({ failed: error.message });
      return undefined;
    });
    if (!readers) return;
    send({ ready: true });
    process.once('message', async () => {
      await Promise.all(SYSTEMS.map(system => readers[system].close()));
      process.exit(0);
    });
  });
}

function nextReport<T extends ReaderReport>(
  child: ChildProcess,
  accept: (report: ReaderReport) => boolean,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the reader process did not report within 60 s')), 60_000);
    const onMessage = (report: ReaderReport) => {
      if ('failed' in report) reject(new Error(`the reader process failed: ${report.failed}`));
      else if (!accept(report)) return;
      else resolve(report as T);
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
  });
}

async function measureRound(url: string, paced: number, rate: number, messages: number, round: number) {
  const prefix = `a-socket-bench-history-${randomUUID()}`;
  const child = fork(fileURLToPath(import.meta.url), ['--role', 'reader'], { stdio: 'inherit' });
  try {
    const ready = nextReport(child, report => 'ready' in report);
    child.send({ prefix, url, paced, messages } satisfies IStartReader);
    await ready;
    const publishers = await endpoints(url, prefix, () => {});
    const text = 'x'.repeat(160);

    const latency = nextReport<{ latency: Record<SystemName, Percentiles> }>(child, report => 'latency' in report);
    // Paced by timers, not by spinning: a publisher that keeps its core busy measures the machine,
    // not the path. Which system goes first alternates, so neither always waits for the other.
    const intervalMs = 1000 / rate;
    let due = nowMs();
    for (let n = 0; n < paced; n++) {
      const ahead = due - nowMs();
      if (ahead >= 1) await new Promise(resolve => setTimeout(resolve, ahead));
      for (const system of n % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse()) {
        publishers[system].send({ phase: 'p', n, t: nowMs(), text });
      }
      due += intervalMs;
    }
    const results = (await latency).latency;

    const rates = {} as Record<SystemName, number>;
    for (const system of round % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse()) {
      const last = nextReport<{ lastAt: number; system: SystemName }>(
        child,
        report => 'lastAt' in report && report.system === system,
      );
      const startedAt = nowMs();
      for (let n = 0; n < messages; n++) {
        const waiting = publishers[system].room();
        if (waiting) await waiting;
        publishers[system].send({ phase: 'r', n, t: nowMs(), text });
      }
      rates[system] = messages / (((await last).lastAt - startedAt) / 1000);
    }
    await Promise.all(SYSTEMS.map(system => publishers[system].close()));
    return { pubsub: { rate: rates.pubsub, ...results.pubsub }, history: { rate: rates.history, ...results.history } };
  } finally {
    child.send('stop');
    await new Promise(resolve => child.once('exit', resolve));
    const admin = new Redis(url);
    const keys = await admin.keys(`${prefix}-*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'publisher' },
      messages: { type: 'string', default: '20000' },
      paced: { type: 'string', default: '3000' },
      rate: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '3' },
      redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    },
  });
  if (values.role === 'reader') return runReader();
  const [messages, paced, rate, rounds] = [values.messages, values.paced, values.rate, values.rounds].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const results: Record<SystemName, (Percentiles & { rate: number })[]> = { pubsub: [], history: [] };
  for (let round = 0; round < rounds; round++) {
    const result = await measureRound(values.redis, paced, rate, messages, round);
    for (const system of SYSTEMS) {
      results[system].push(result[system]);
      const { rate: delivered, p50, p99 } = result[system];
      console.log(
        `round ${round + 1} ${system.padEnd(7)} ${Math.round(delivered)} deliveries/s, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
      );
    }
  }
  const summary = (system: SystemName) => ({
    rate: median(results[system].map(result => result.rate)),
    p50: median(results[system].map(result => result.p50)),
    p99: median(results[system].map(result => result.p99)),
  });
  const pubsub = summary('pubsub');
  const history = summary('history');
  console.log(
    `\nmedians of ${rounds} rounds; rate: ${messages} messages per system; latency: ${paced} per system at ${rate}/s, interleaved (cross-process, ~200 B)`,
  );
  console.log('system                  deliveries/s   p50 ms   p99 ms');
  for (const [label, row] of [
    ['pub/sub (RedisBus)', pubsub],
    ['history (RedisHistory)', history],
  ] as const) {
    console.log(
      `${label.padEnd(24)}${String(Math.round(row.rate)).padStart(12)}${row.p50.toFixed(2).padStart(9)}${row.p99.toFixed(2).padStart(9)}`,
    );
  }
  console.log(
    `history / pub/sub rate: ${(history.rate / pubsub.rate).toFixed(2)} (bar >= 0.5); added p50: ${(history.p50 - pubsub.p50).toFixed(2)} ms; added p99: ${(history.p99 - pubsub.p99).toFixed(2)} ms (bar <= 2 ms)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
