import { BeanBase } from '../core/beanBase.js';
import { Service } from '../core/decorators.js';
import { onionOfError } from '../lib/onionOfError.js';

/** Told of every answered performAction call: `code` 0 for success, else the HTTP status sent back. */
export type RpcAnsweredListener = (code: number, seconds: number) => void;

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

  /** Failures of connection and packet chains, by onion name (`unknown` when the stack does not tell). */
  get onionErrors(): ReadonlyMap<string, number> {
    return this.onionErrorTotals;
  }

  /** Answered performAction calls, by answer code (0 success, else the HTTP status). */
  get rpcCalls(): ReadonlyMap<number, number> {
    return this.rpcCallTotals;
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
}
