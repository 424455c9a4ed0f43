import { type IVariant } from './plan.js';
import { type ISystemSummary } from './summary.js';

interface IColumn {
  header: string;
  cell(summary: ISystemSummary): string;
  /** Text columns are left-aligned, numbers right-aligned. */
  left?: boolean;
}

const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const fixed = (value: number | undefined, digits: number) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–';
const ratio = (value: number | undefined) => (value === undefined ? '–' : `${fixed(value, 2)}×`);
const kb = (bytes: number | undefined) => (bytes === undefined ? '–' : fixed(bytes / 1024, 1));

/** The row the history row is held against: the same app on plain Redis pub/sub. */
const PUBSUB_SYSTEM = 'a-socket';

/**
 * The cross-process table: across processes (via Redis) beside the same broadcasts made locally, and each row's
 * rate and p99 against the pub/sub row (`a-socket`): the DESIGN §11 bar of `a-socket-history` is ×pub/sub ≥ 0.5
 * and +p99 ≤ 2 ms.
 */
function crossProcessColumns(summaries: readonly ISystemSummary[]): IColumn[] {
  const pubsub = summaries.find(summary => summary.system === PUBSUB_SYSTEM);
  const againstPubsub = (s: ISystemSummary, value: () => string) =>
    !pubsub || s.system === PUBSUB_SYSTEM ? '–' : value();
  return [
    { header: 'system', cell: s => s.system, left: true },
    { header: 'deliveries/s via Redis', cell: s => integer(s.rate) },
    { header: 'local', cell: s => integer(s.crossProcess?.localRate ?? NaN) },
    { header: '×local', cell: s => ratio(s.crossProcess?.ratioToLocal) },
    { header: 'spread', cell: s => `±${fixed(s.spread * 100, 0)}%` },
    { header: 'p50 ms', cell: s => fixed(s.latencyMs?.p50, 2) },
    { header: 'p99 ms', cell: s => fixed(s.latencyMs?.p99, 2) },
    { header: 'local p50', cell: s => fixed(s.crossProcess?.localLatencyMs.p50, 2) },
    { header: 'local p99', cell: s => fixed(s.crossProcess?.localLatencyMs.p99, 2) },
    { header: 'added p50', cell: s => fixed(s.crossProcess?.addedLatencyMs.p50, 2) },
    { header: 'added p99', cell: s => fixed(s.crossProcess?.addedLatencyMs.p99, 2) },
    { header: '×pub/sub', cell: s => againstPubsub(s, () => ratio(s.rate / pubsub!.rate)) },
    {
      header: '+p99 vs pub/sub',
      cell: s => againstPubsub(s, () => fixed((s.latencyMs?.p99 ?? NaN) - (pubsub!.latencyMs?.p99 ?? NaN), 2)),
    },
    { header: 'srv CPU ms/1k (A+B)', cell: s => fixed(s.serverCpuMsPer1kOps, 1) },
    { header: 'gen CPU %', cell: s => `${fixed(s.generatorCpuPercent, 0)}%` },
    { header: 'rounds', cell: s => `${s.rounds}${s.failures.length ? ` (${s.failures.length} failed)` : ''}` },
  ];
}

function columnsFor(variant: IVariant, summaries: readonly ISystemSummary[]): IColumn[] {
  if (variant.kind === 'cross-process') return crossProcessColumns(summaries);
  const columns: IColumn[] = [
    { header: 'system', cell: s => s.system, left: true },
    { header: variant.unit, cell: s => integer(s.rate) },
    { header: '×ws-raw', cell: s => ratio(s.ratioToWsRaw) },
  ];
  if (variant.kind === 'broadcast') columns.push({ header: '×ws-corked', cell: s => ratio(s.ratioToWsCorked) });
  columns.push({ header: 'spread', cell: s => `±${fixed(s.spread * 100, 0)}%` });
  if (variant.kind !== 'broadcast') {
    columns.push(
      { header: 'p50 ms', cell: s => fixed(s.latencyMs?.p50, 2) },
      { header: 'p99 ms', cell: s => fixed(s.latencyMs?.p99, 2) },
    );
  }
  columns.push({ header: 'srv CPU ms/1k', cell: s => fixed(s.serverCpuMsPer1kOps, 1) });
  if (variant.kind === 'rpc') columns.push({ header: 'CPU ×HTTP', cell: s => ratio(s.cpuRatioToHttp) });
  columns.push(
    { header: 'gen CPU ms', cell: s => integer(s.generatorCpuMs) },
    { header: 'gen CPU %', cell: s => `${fixed(s.generatorCpuPercent, 0)}%` },
  );
  if (variant.kind === 'connect') {
    columns.push(
      { header: 'KB/conn', cell: s => kb(s.memory?.heapExternalBytes) },
      { header: 'mem ×ws-raw', cell: s => ratio(s.memory?.ratioToWsRaw) },
      { header: 'RSS KB/conn', cell: s => kb(s.memory?.rssBytes) },
    );
  }
  columns.push({
    header: 'rounds',
    cell: s => `${s.rounds}${s.failures.length ? ` (${s.failures.length} failed)` : ''}`,
  });
  return columns;
}

/** A plain-text table of one variant, one line per system. */
export function formatTable(variant: IVariant, summaries: readonly ISystemSummary[]): string {
  const columns = columnsFor(variant, summaries);
  const rows = [columns.map(column => column.header), ...summaries.map(s => columns.map(column => column.cell(s)))];
  const widths = columns.map((_, index) => Math.max(...rows.map(row => row[index].length)));
  const line = (row: string[]) =>
    row
      .map((text, index) => (columns[index].left ? text.padEnd(widths[index]) : text.padStart(widths[index])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), ...rows.slice(1).map(line)].join('\n');
}
