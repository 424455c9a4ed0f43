/**
 * `npx tsc -p tsconfig.bench.json && node dist/bench/tools/historyThroughput.js [--messages N]
 * [--paced M] [--rate R] [--rounds K] [--redis URL]`: cross-process delivery through Redis with
 * history (RedisHistory: append script, XREAD by every process) against plain pub/sub (RedisBus:
 * PUBLISH, SUBSCRIBE), in one run, so the DESIGN §11 bar (history ≥ 0.5× the pub/sub delivery
 * rate, ≤ 2 ms added p99) can be checked on the transport alone, before any socket is involved.
 *
 * Two processes per system and round, as two app processes: this one publishes (and reads, as
 * every process does), a forked one only reads. Latency: `paced` messages at `rate`/s, each
 * stamped with the system-wide monotonic clock, measured at the reader process on receipt.
 * Rate: `messages` sent as fast as the publisher allows (history: ≤ 1000 appends awaiting Redis;
 * pub/sub: ≤ 900 publications in flight or buffered), from the first send to the reader's last receipt.
 * Rounds alternate the order of the systems; the table shows medians.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { BUS_ENVELOPE_VERSION, createConsoleLogger, RedisBus } from '../../src/index.js';
import { RedisHistory } from '../../src/bus/history/redisHistory.js';
import { nowMs } from '../lib/clock.js';
import { median, SampleBuffer } from '../lib/stats.js';

type SystemName = 'pubsub' | 'history';

interface IStartReader {
  system: SystemName;
  prefix: string;
  url: string;
  paced: number;
  messages: number;
}

type ReaderReport =
  { ready: true } | { latency: { p50: number; p99: number } } | { lastAt: number } | { failed: string };

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

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await nextTurn();
}

/** The forked process: reads, measures on receipt, reports to the parent. */
async function runReader(): Promise<void> {
  const send = (report: ReaderReport) => process.send?.(report);
  process.once('message', async (start: IStartReader) => {
    const latencies = new SampleBuffer();
    let rateReceived = 0;
    const reader = await endpoint(start.system, start.url, start.prefix, data => {
      if (data.phase === 'p') {
        latencies.add(nowMs() - data.t);
        if (latencies.count === start.paced) send({ latency: latencies.percentiles() });
      } else if (++rateReceived === start.messages) {
        send({ lastAt: nowMs() });
      }
    }).catch((error: Error) => {
      send({ failed: error.message });
      return undefined;
    });
    if (!reader) return;
    send({ ready: true });
    process.once('message', () => void reader.close().then(() => process.exit(0)));
  });
}

function nextReport<T extends ReaderReport>(child: ChildProcess, key: string, timeoutMs = 60_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reader sent no ${key} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (report: ReaderReport) => {
      if ('failed' in report) reject(new Error(`reader failed: ${report.failed}`));
      else if (!(key in report)) return;
      else resolve(report as T);
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
  });
}

async function measure(system: SystemName, url: string, paced: number, rate: number, messages: number) {
  const prefix = `a-socket-bench-history-${randomUUID()}`;
  const child = fork(fileURLToPath(import.meta.url), ['--role', 'reader'], { stdio: 'inherit' });
  try {
    const ready = nextReport(child, 'ready');
    child.send({ system, prefix, url, paced, messages } satisfies IStartReader);
    await ready;
    const publisher = await endpoint(system, url, prefix, () => {});
    const text = 'x'.repeat(160);

    const latency = nextReport<{ latency: { p50: number; p99: number } }>(child, 'latency');
    // Paced by timers, not by spinning: a publisher that keeps its core busy measures the machine, not the path.
    const intervalMs = 1000 / rate;
    let due = nowMs();
    for (let n = 0; n < paced; n++) {
      const ahead = due - nowMs();
      if (ahead >= 1) await new Promise(resolve => setTimeout(resolve, ahead));
      publisher.send({ phase: 'p', n, t: nowMs(), text });
      due += intervalMs;
    }
    const { latency: percentiles } = await latency;

    const last = nextReport<{ lastAt: number }>(child, 'lastAt');
    const startedAt = nowMs();
    for (let n = 0; n < messages; n++) {
      const waiting = publisher.room();
      if (waiting) await waiting;
      publisher.send({ phase: 'r', n, t: nowMs(), text });
    }
    const { lastAt } = await last;
    await publisher.close();
    return { rate: messages / ((lastAt - startedAt) / 1000), ...percentiles };
  } finally {
    child.send('stop');
    await new Promise(resolve => child.once('exit', resolve));
    const admin = new Redis(url);
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'publisher' },
      messages: { type: 'string', default: '20000' },
      paced: { type: 'string', default: '4000' },
      rate: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '3' },
      redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    },
  });
  if (values.role === 'reader') return runReader();
  const [messages, paced, rate, rounds] = [values.messages, values.paced, values.rate, values.rounds].map(
    Number,
  ) as number[];
  const results: Record<SystemName, { rate: number; p50: number; p99: number }[]> = { pubsub: [], history: [] };
  for (let round = 0; round < rounds!; round++) {
    const order: SystemName[] = round % 2 === 0 ? ['pubsub', 'history'] : ['history', 'pubsub'];
    for (const system of order) {
      const result = await measure(system, values.redis, paced!, rate!, messages!);
      results[system].push(result);
      console.log(
        `round ${round + 1} ${system.padEnd(7)} ${Math.round(result.rate)} deliveries/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`,
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
    `\nmedians of ${rounds} rounds; ${messages} messages for the rate, ${paced} at ${rate}/s for latency (cross-process, ~200 B)`,
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
    `history / pub/sub rate: ${(history.rate / pubsub.rate).toFixed(2)} (bar >= 0.5); added p99: ${(history.p99 - pubsub.p99).toFixed(2)} ms (bar <= 2 ms)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
