/**
 * `a-socket/metrics`: the app's counters in Prometheus form. prom-client is an optional peer dependency: importing
 * this entry without it throws an ASocketError `PEER_MISSING` ("a-socket/metrics needs the prom-client package:
 * npm install prom-client"). Without this entry the app still counts (`app.metrics`, plain numbers) and nothing
 * loads prom-client.
 */
export { prometheusMetrics } from './prometheus.js';
export type { IPrometheusMetrics } from './prometheus.js';
