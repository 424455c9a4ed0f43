import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { inject } from 'inversify';
import { BeanSocket } from '../bean/bean.socket.js';
import { BeanBase } from '../core/beanBase.js';
import { Service } from '../core/decorators.js';
import { onionOfError } from '../lib/onionOfError.js';
import { ServiceSocketEvent } from '../service/socketEvent.js';

const LAG_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RPC_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Counters and gauges of one app, exposed in Prometheus text format (prom-client, one registry per app).
 * The hot paths only add to plain numbers here; prom-client reads them when scraped.
 */
@Service()
export class ServiceMetrics extends BeanBase {
  framesReceived = 0;
  private onionOfClass?: Map<string, string>;
  private readonly onionErrors = new Map<string, number>();
  private readonly rpcCalls = new Map<number, number>();
  private readonly rpcDuration = new Histogram({
    name: 'a_socket_rpc_duration_seconds',
    help: 'Time from a performAction call to its answer, by answer code',
    labelNames: ['code'],
    buckets: RPC_BUCKETS_SECONDS,
    registers: [],
  });
  private promRegistry?: Registry;
  /** Recoveries by `result|reason` (`succeeded|none`, `refused|trimmed`...). */
  private readonly recoveries = new Map<string, number>();
  /** Events written to recovering connections before their sysReady. */
  eventsReplayed = 0;
  /** Connections of history namespaces closed with 1013 because this process's reader lost entries, by why. */
  private readonly historyCloses = new Map<string, number>();
  private readonly historyLag = new Histogram({
    name: 'a_socket_history_lag_seconds',
    help: "Time from an event's append to its delivery by this process's history reader, by namespace",
    labelNames: ['namespace'],
    buckets: LAG_BUCKETS_SECONDS,
    registers: [],
  });

  constructor(
    @inject(BeanSocket) private readonly sockets: BeanSocket,
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
  ) {
    super();
  }

  /** Counts a failure of a connection or packet chain against the onion it came from (`unknown` when the stack does not tell). */
  onionFailed(error: unknown): void {
    const onion = this.onionOf(error) ?? 'unknown';
    this.onionErrors.set(onion, (this.onionErrors.get(onion) ?? 0) + 1);
  }

  /** The onion an error of a chain came from, read from its stack; undefined when the stack does not tell. */
  onionOf(error: unknown): string | undefined {
    this.onionOfClass ??= new Map(
      this.app.beans
        .filter(bean => bean.scene === 'socketConnection' || bean.scene === 'socketPacket')
        .map(bean => [bean.beanClass.name, bean.onionName]),
    );
    return onionOfError(error, this.onionOfClass);
  }

  /** Records one answered performAction call: `code` 0 for success, else the HTTP status sent back. */
  rpcAnswered(code: number, seconds: number): void {
    this.rpcCalls.set(code, (this.rpcCalls.get(code) ?? 0) + 1);
    this.rpcDuration.observe({ code: String(code) }, seconds);
  }

  /** Counts one recovery asked for: `succeeded` (reason `none`) or `refused` with why (token, user, trimmed...). */
  recovery(result: 'succeeded' | 'refused', reason: string): void {
    const key = `${result}|${reason}`;
    this.recoveries.set(key, (this.recoveries.get(key) ?? 0) + 1);
  }

  /** How late an entry of a history namespace was delivered here (now − its append time). */
  historyDelivered(namespace: string, lagSeconds: number): void {
    this.historyLag.observe({ namespace }, lagSeconds < 0 ? 0 : lagSeconds);
  }

  /** Counts connections closed with 1013 because the reader of their namespace lost entries (`gap`, `epoch`). */
  historyClosed(reason: 'gap' | 'epoch', connections: number): void {
    this.historyCloses.set(reason, (this.historyCloses.get(reason) ?? 0) + connections);
  }

  get contentType(): string {
    return this.registry().contentType;
  }

  /** Every metric of this app in Prometheus text format. */
  text(): Promise<string> {
    return this.registry().metrics();
  }

  /** The prom-client registry of this app, to merge into a host app's own (`Registry.merge`). */
  registry(): Registry {
    this.promRegistry ??= this.createRegistry();
    return this.promRegistry;
  }

  private createRegistry(): Registry {
    const registry = new Registry();
    const { sockets, socketEvent: events } = this;
    new Gauge({
      name: 'a_socket_connections',
      help: 'Accepted open connections in this process, by namespace',
      labelNames: ['namespace'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [namespace, count] of Object.entries(sockets.counts())) this.set({ namespace }, count);
      },
    });
    counterOf(registry, 'a_socket_connections_opened_total', 'Connections accepted', () => sockets.added);
    counterOf(registry, 'a_socket_connections_closed_total', 'Accepted connections closed', () => sockets.removed);
    counterOf(registry, 'a_socket_frames_received_total', 'Frames received from clients', () => this.framesReceived);
    counterOf(registry, 'a_socket_frames_sent_total', 'Frames written to clients', () => events.framesSent);
    counterOf(
      registry,
      'a_socket_slow_consumer_skips_total',
      'Frames not sent because a client was over maxBufferedAmount',
      () => events.slowConsumerSkips,
    );
    labelledCounterOf(registry, 'a_socket_onion_errors_total', 'Failures of onions', 'onion', this.onionErrors);
    labelledCounterOf(registry, 'a_socket_rpc_calls_total', 'Answered performAction calls', 'code', this.rpcCalls);
    registry.registerMetric(this.rpcDuration);
    const recoveries = this.recoveries;
    let reportedRecoveries = new Map<string, number>();
    new Counter({
      name: 'a_socket_recoveries_total',
      help: 'Recoveries asked for by reconnecting clients of history namespaces, by result and reason (attempted = the sum)',
      labelNames: ['result', 'reason'],
      registers: [registry],
      collect() {
        for (const [key, total] of recoveries) {
          const delta = total - (reportedRecoveries.get(key) ?? 0);
          const [result, reason] = key.split('|');
          if (delta > 0) this.inc({ result, reason }, delta);
        }
        reportedRecoveries = new Map(recoveries);
      },
    });
    counterOf(
      registry,
      'a_socket_events_replayed_total',
      'Events replayed to recovering connections before their sysReady',
      () => this.eventsReplayed,
    );
    const closes = this.historyCloses;
    const reportedCloses = new Map<string, number>();
    new Counter({
      name: 'a_socket_history_closes_total',
      help: 'Connections of history namespaces closed with 1013 so that they recover: slow consumer, reader gap, epoch change',
      labelNames: ['reason'],
      registers: [registry],
      collect() {
        const totals = new Map(closes);
        totals.set('slow', events.historySlowConsumerCloses);
        for (const [reason, total] of totals) {
          const delta = total - (reportedCloses.get(reason) ?? 0);
          if (delta > 0) this.inc({ reason }, delta);
          reportedCloses.set(reason, total);
        }
      },
    });
    registry.registerMetric(this.historyLag);
    return registry;
  }
}

/** A counter that reads its total from `read` at scrape time. */
function counterOf(registry: Registry, name: string, help: string, read: () => number): void {
  let reported = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const total = read();
      if (total > reported) this.inc(total - reported);
      reported = total;
    },
  });
}

/** A counter with one label whose totals live in `totals` (label value → total). */
function labelledCounterOf<K>(
  registry: Registry,
  name: string,
  help: string,
  label: string,
  totals: Map<K, number>,
): void {
  const reported = new Map<K, number>();
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      for (const [key, total] of totals) {
        const delta = total - (reported.get(key) ?? 0);
        if (delta > 0) this.inc({ [label]: String(key) }, delta);
        reported.set(key, total);
      }
    },
  });
}
