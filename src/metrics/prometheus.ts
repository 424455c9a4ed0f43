import type * as PromClient from 'prom-client';
import { requireOptionalPeer } from '../core/optionalPeer.js';
import { type SocketApp } from '../socketApp.js';

// prom-client is an optional peer: loaded when `a-socket/metrics` is imported, so a missing one says what to install.
const promClient = requireOptionalPeer<typeof PromClient>('prom-client', 'a-socket/metrics');

const RPC_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LAG_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One app's metrics in Prometheus form. */
export interface IPrometheusMetrics {
  /** The prom-client registry of this app, to merge into a host app's own (`Registry.merge`). */
  readonly registry: PromClient.Registry;
  /** The content type of `text()`, for the response header. */
  readonly contentType: string;
  /** Every metric of this app in Prometheus text format. */
  text(): Promise<string>;
}

const ofApp = new WeakMap<SocketApp, IPrometheusMetrics>();

/**
 * The Prometheus registry of `app` (one per app; a second call returns the same). Counters are read from the
 * app at scrape time, so they count from the app's start; the RPC latency histogram counts the calls answered
 * after the first call of this function: call it at start-up, beside `createApp`.
 */
export function prometheusMetrics(app: SocketApp): IPrometheusMetrics {
  let metrics = ofApp.get(app);
  if (!metrics) {
    metrics = createPrometheusMetrics(app);
    ofApp.set(app, metrics);
  }
  return metrics;
}

function createPrometheusMetrics(app: SocketApp): IPrometheusMetrics {
  const registry = new promClient.Registry();
  const { metrics: counters, registry: sockets, socketEvent: events } = app;
  new promClient.Gauge({
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
  counterOf(registry, 'a_socket_frames_received_total', 'Frames received from clients', () => counters.framesReceived);
  counterOf(registry, 'a_socket_frames_sent_total', 'Frames written to clients', () => events.framesSent);
  counterOf(
    registry,
    'a_socket_slow_consumer_skips_total',
    'Frames not sent because a client was over maxBufferedAmount',
    () => events.slowConsumerSkips,
  );
  labelledCounterOf(registry, 'a_socket_onion_errors_total', 'Failures of onions', 'onion', counters.onionErrors);
  labelledCounterOf(registry, 'a_socket_rpc_calls_total', 'Answered performAction calls', 'code', counters.rpcCalls);
  const rpcDuration = new promClient.Histogram({
    name: 'a_socket_rpc_duration_seconds',
    help: 'Time from a performAction call to its answer, by answer code',
    labelNames: ['code'],
    buckets: RPC_BUCKETS_SECONDS,
    registers: [registry],
  });
  counters.onRpcAnswered((code, seconds) => rpcDuration.observe({ code: String(code) }, seconds));
  registerHistoryMetrics(registry, app);
  return {
    registry,
    get contentType() {
      return registry.contentType;
    },
    text: () => registry.metrics(),
  };
}

/** Recoveries, replayed events, history closes and the delivery lag of history namespaces. */
function registerHistoryMetrics(registry: PromClient.Registry, app: SocketApp): void {
  const { metrics: counters, socketEvent: events } = app;
  const reportedRecoveries = new Map<string, number>();
  new promClient.Counter({
    name: 'a_socket_recoveries_total',
    help: 'Recoveries asked for by reconnecting clients of history namespaces, by result and reason (attempted = the sum)',
    labelNames: ['result', 'reason'],
    registers: [registry],
    collect() {
      for (const [key, total] of counters.recoveries) {
        const delta = total - (reportedRecoveries.get(key) ?? 0);
        const [result = '', reason = ''] = key.split('|');
        if (delta > 0) this.inc({ result, reason }, delta);
        reportedRecoveries.set(key, total);
      }
    },
  });
  counterOf(
    registry,
    'a_socket_events_replayed_total',
    'Events replayed to recovering connections before their sysReady',
    () => counters.eventsReplayed,
  );
  const reportedCloses = new Map<string, number>();
  new promClient.Counter({
    name: 'a_socket_history_closes_total',
    help: 'Connections of history namespaces closed with 1013 so that they recover: slow consumer, reader gap, epoch change',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      const totals = new Map<string, number>(counters.historyCloses);
      totals.set('slow', events.historySlowConsumerCloses);
      for (const [reason, total] of totals) {
        const delta = total - (reportedCloses.get(reason) ?? 0);
        if (delta > 0) this.inc({ reason }, delta);
        reportedCloses.set(reason, total);
      }
    },
  });
  const historyLag = new promClient.Histogram({
    name: 'a_socket_history_lag_seconds',
    help: "Time from an event's append to its delivery by this process's history reader, by namespace",
    labelNames: ['namespace'],
    buckets: LAG_BUCKETS_SECONDS,
    registers: [registry],
  });
  counters.onHistoryDelivered((namespace, lagSeconds) => historyLag.observe({ namespace }, lagSeconds));
}

/** A counter that reads its total from `read` at scrape time. */
function counterOf(registry: PromClient.Registry, name: string, help: string, read: () => number): void {
  let reported = 0;
  new promClient.Counter({
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
  registry: PromClient.Registry,
  name: string,
  help: string,
  label: string,
  totals: ReadonlyMap<K, number>,
): void {
  const reported = new Map<K, number>();
  new promClient.Counter({
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
