import { type IRoundMeasurement } from '../lib/ipc.js';
import { median } from '../lib/stats.js';

/** One system's rounds in one variant, reduced to medians. */
export interface ISystemSummary {
  system: string;
  rounds: number;
  failures: string[];
  /** Median ops per second over the rounds. */
  rate: number;
  /** Half the range of the rounds' rates, relative to the median: the noise to read ratios against. */
  spread: number;
  /** rate / ws-raw's rate of the same run; > 1 is faster. */
  ratioToWsRaw?: number;
  /** Broadcast only: rate / ws-corked's rate of the same run. */
  ratioToWsCorked?: number;
  latencyMs?: { p50: number; p99: number };
  serverCpuMsPer1kOps: number;
  /** Server CPU per operation / that of the system's HTTP keep-alive reference in the same run. */
  cpuRatioToHttp?: number;
  generatorCpuMs: number;
  /** Generator CPU over the measured window: near 100 % means the generator, not the server, was the limit. */
  generatorCpuPercent: number;
  memory?: {
    heapExternalBytes: number;
    rssBytes: number;
    /** heap+external per connection / ws-raw's; < 1 is leaner. */
    ratioToWsRaw?: number;
  };
  /** Cross-process only: `rate` and `latencyMs` are across processes, these the same broadcasts made locally. */
  crossProcess?: {
    localRate: number;
    /** rate / localRate of the same rounds. */
    ratioToLocal: number;
    localLatencyMs: { p50: number; p99: number };
    /** Median over the rounds of (cross − local) latency. */
    addedLatencyMs: { p50: number; p99: number };
  };
}

export interface ISystemRounds {
  system: string;
  measurements: IRoundMeasurement[];
  failures: string[];
}

const medianOf = (items: readonly IRoundMeasurement[], pick: (item: IRoundMeasurement) => number) =>
  median(items.map(pick));

function summarizeOne({ system, measurements, failures }: ISystemRounds): ISystemSummary | undefined {
  if (measurements.length === 0) return undefined;
  const rates = measurements.map(item => item.rate);
  const rate = median(rates);
  const withLatency = measurements.filter(item => item.latencyMs);
  const withMemory = measurements.filter(item => item.memory);
  const crossRounds = measurements.filter(item => item.crossProcess);
  const cross = (pick: (item: IRoundMeasurement) => number) => medianOf(crossRounds, pick);
  return {
    system,
    rounds: measurements.length,
    failures,
    rate,
    spread: (Math.max(...rates) - Math.min(...rates)) / 2 / rate,
    latencyMs:
      withLatency.length > 0
        ? {
            p50: medianOf(withLatency, item => item.latencyMs?.p50 ?? NaN),
            p99: medianOf(withLatency, item => item.latencyMs?.p99 ?? NaN),
          }
        : undefined,
    serverCpuMsPer1kOps: medianOf(measurements, item => (item.serverCpuMs / item.ops) * 1000),
    generatorCpuMs: medianOf(measurements, item => item.generatorCpuMs),
    generatorCpuPercent: medianOf(measurements, item => (item.generatorCpuMs / item.windowMs) * 100),
    memory:
      withMemory.length > 0
        ? {
            heapExternalBytes: medianOf(withMemory, item => item.memory?.heapExternalBytes ?? NaN),
            rssBytes: medianOf(withMemory, item => item.memory?.rssBytes ?? NaN),
          }
        : undefined,
    crossProcess:
      crossRounds.length > 0
        ? {
            localRate: cross(item => item.crossProcess?.localRate ?? NaN),
            ratioToLocal: rate / cross(item => item.crossProcess?.localRate ?? NaN),
            localLatencyMs: {
              p50: cross(item => item.crossProcess?.localLatencyMs.p50 ?? NaN),
              p99: cross(item => item.crossProcess?.localLatencyMs.p99 ?? NaN),
            },
            addedLatencyMs: {
              p50: cross(item => (item.latencyMs?.p50 ?? NaN) - (item.crossProcess?.localLatencyMs.p50 ?? NaN)),
              p99: cross(item => (item.latencyMs?.p99 ?? NaN) - (item.crossProcess?.localLatencyMs.p99 ?? NaN)),
            },
          }
        : undefined,
  };
}

/**
 * Medians per system and their ratios to the baselines measured in the same run (ratios of medians), and
 * to each system's HTTP reference (`httpReferences`: system → reference system) where it has one.
 * A system without a successful round is left out; its failures stay in the results file.
 */
export function summarize(
  allRounds: readonly ISystemRounds[],
  httpReferences: ReadonlyMap<string, string> = new Map(),
): ISystemSummary[] {
  const summaries = allRounds.map(summarizeOne).filter((item): item is ISystemSummary => item !== undefined);
  const wsRaw = summaries.find(item => item.system === 'ws-raw');
  const wsCorked = summaries.find(item => item.system === 'ws-corked');
  for (const summary of summaries) {
    if (wsRaw) summary.ratioToWsRaw = summary.rate / wsRaw.rate;
    if (wsCorked) summary.ratioToWsCorked = summary.rate / wsCorked.rate;
    const reference = summaries.find(item => item.system === httpReferences.get(summary.system));
    if (reference) summary.cpuRatioToHttp = summary.serverCpuMsPer1kOps / reference.serverCpuMsPer1kOps;
    if (summary.memory && wsRaw?.memory) {
      summary.memory.ratioToWsRaw = summary.memory.heapExternalBytes / wsRaw.memory.heapExternalBytes;
    }
  }
  return summaries;
}
