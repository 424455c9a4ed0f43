import { type IBeanRegistration } from '../core/beanRegistration.js';
import { ASocketError } from '../core/error.js';
import { type IHistoryLimits } from '../bus/history/history.js';
import { MAX_HISTORY_SIZE, MAX_HISTORY_TTL_MS } from '../bus/history/historyLimits.js';
import { type ISocketNamespaceOptions } from '../types/socketNamespace.js';

/**
 * The namespaces declared with `history` and their limits, checked at start-up: a bad `size` or `ttl` is an
 * error naming the namespace, the bean and the value, not a store failure at the first event.
 */
export function collectHistoryNamespaces(
  namespaces: ReadonlyMap<string, IBeanRegistration>,
): ReadonlyMap<string, IHistoryLimits> {
  const limits = new Map<string, IHistoryLimits>();
  for (const [namespace, registration] of namespaces) {
    const history = (registration.options as Partial<ISocketNamespaceOptions>).history;
    if (history === undefined) continue;
    const where = `${registration.beanClass.name} (namespace "${namespace}")`;
    if (typeof history !== 'object' || history === null) {
      throw new ASocketError('NAMESPACE_INVALID', `${where} declares history ${String(history)}: use { size, ttl }`);
    }
    const { size, ttl } = history;
    if (!Number.isInteger(size) || size < 1 || size > MAX_HISTORY_SIZE) {
      throw new ASocketError(
        'NAMESPACE_INVALID',
        `${where} declares history size ${String(size)}: use an integer from 1 to ${MAX_HISTORY_SIZE}`,
      );
    }
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_HISTORY_TTL_MS) {
      throw new ASocketError(
        'NAMESPACE_INVALID',
        `${where} declares history ttl ${String(ttl)}: use milliseconds, an integer from 1 to ${MAX_HISTORY_TTL_MS}`,
      );
    }
    limits.set(namespace, { size, ttlMs: ttl });
  }
  return limits;
}
