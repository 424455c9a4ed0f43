import { BeanBase } from '../core/beanBase.js';
import { Service } from '../core/decorators.js';
import { onionOfError } from '../lib/onionOfError.js';

/** Told of every answered performAction call: `code` 0 for success, else the HTTP status sent back. */
export type RpcAnsweredListener = (code: number, seconds: number) => void;

/** Told of every entry of a history namespace this process delivers: how late it was (now − its append time). */
export type HistoryDeliveredListener = (namespace: string, lagSeconds: number) => void;

/** What became of a recovery a reconnecting client asked for; `reason` is `none` for a success. */
export type RecoveryResult = 'succeeded' | 'refused';

/** Why connections of a history namespace were closed with 1013 so that they recover. */
export type HistoryCloseReason = 'gap' | 'epoch';

/**
 * The counters of one app, as plain numbers: the hot paths only add to them. Nothing here needs prom-client;
 * `a-socket/metrics` (prom-client an optional peer) reads them into a Prometheus registry when scraped.
 */
@Service()
export class ServiceMetrics extends BeanBase {
  framesReceived = 0;
  private onionOfClass?: Map<string, string>;
  private readonly onionErrorTotals = new Map<string, number>();
  private readonly rpcCallTotals = new Map<number, number>();
  private readonly rpcListeners = new Set<RpcAnsweredListener>();
  private readonly recoveryTotals = new Map<string, number>();
  private readonly historyCloseTotals = new Map<HistoryCloseReason, number>();
  private readonly historyListeners = new Set<HistoryDeliveredListener>();
  /** Events written to recovering connections before their sysReady. */
  eventsReplayed = 0;

  /** Failures of connection and packet chains, by onion name (`unknown` when the stack does not tell). */
  get onionErrors(): ReadonlyMap<string, number> {
    return this.onionErrorTotals;
  }

  /** Answered performAction calls, by answer code (0 success, else the HTTP status). */
  get rpcCalls(): ReadonlyMap<number, number> {
    return this.rpcCallTotals;
  }

  /** Recoveries by `<result>|<reason>` (`succeeded|none`, `refused|trimmed`...). */
  get recoveries(): ReadonlyMap<string, number> {
    return this.recoveryTotals;
  }

  /** Connections of history namespaces closed with 1013 because this process's reader lost entries, by why. */
  get historyCloses(): ReadonlyMap<HistoryCloseReason, number> {
    return this.historyCloseTotals;
  }

  /** Counts a failure of a connection or packet chain against the onion it came from (`unknown` when the stack does not tell). */
  onionFailed(error: unknown): void {
    const onion = this.onionOf(error) ?? 'unknown';
    this.onionErrorTotals.set(onion, (this.onionErrorTotals.get(onion) ?? 0) + 1);
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
    this.rpcCallTotals.set(code, (this.rpcCallTotals.get(code) ?? 0) + 1);
    for (const listener of this.rpcListeners) listener(code, seconds);
  }

  /** Calls `listener` for every answered performAction call from now on (a latency histogram); returns the remover. */
  onRpcAnswered(listener: RpcAnsweredListener): () => void {
    this.rpcListeners.add(listener);
    return () => this.rpcListeners.delete(listener);
  }

  /** Counts one recovery asked for: `succeeded` (reason `none`) or `refused` with why (token, user, trimmed...). */
  recovery(result: RecoveryResult, reason: string): void {
    const key = `${result}|${reason}`;
    this.recoveryTotals.set(key, (this.recoveryTotals.get(key) ?? 0) + 1);
  }

  /** Counts connections closed with 1013 because the reader of their namespace lost entries. */
  historyClosed(reason: HistoryCloseReason, connections: number): void {
    this.historyCloseTotals.set(reason, (this.historyCloseTotals.get(reason) ?? 0) + connections);
  }

  /** Tells the listeners how late an entry of a history namespace was delivered here. */
  historyDelivered(namespace: string, lagSeconds: number): void {
    if (this.historyListeners.size === 0) return;
    const lag = lagSeconds < 0 ? 0 : lagSeconds;
    for (const listener of this.historyListeners) listener(namespace, lag);
  }

  /** Calls `listener` for every history entry delivered from now on (a lag histogram); returns the remover. */
  onHistoryDelivered(listener: HistoryDeliveredListener): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }
}
