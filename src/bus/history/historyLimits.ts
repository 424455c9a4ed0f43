import { type IHistoryLimits } from './history.js';

/** A ring or a Redis XRANGE of more than this many entries per replay is more than any client should be sent at once. */
export const MAX_HISTORY_SIZE = 1_000_000;
/** The longest delay `setTimeout` and PEXPIRE handle alike (about 24.8 days). */
export const MAX_HISTORY_TTL_MS = 2_147_483_647;

/** Checks every declared namespace's limits; throws naming the namespace, the limit and the value. */
export function checkHistoryNamespaces(
  store: string,
  namespaces: Readonly<Record<string, IHistoryLimits>>,
): Map<string, IHistoryLimits> {
  const checked = new Map<string, IHistoryLimits>();
  for (const [namespace, limits] of Object.entries(namespaces)) {
    if (!namespace.startsWith('/')) {
      throw new TypeError(`${store}: history namespace ${JSON.stringify(namespace)} must start with "/"`);
    }
    const { size, ttlMs } = limits ?? {};
    if (!Number.isInteger(size) || size < 1 || size > MAX_HISTORY_SIZE) {
      throw new RangeError(
        `${store}: history size of ${namespace} must be an integer from 1 to ${MAX_HISTORY_SIZE} (got ${String(size)})`,
      );
    }
    if (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_HISTORY_TTL_MS) {
      throw new RangeError(
        `${store}: history ttlMs of ${namespace} must be an integer from 1 to ${MAX_HISTORY_TTL_MS} (got ${String(ttlMs)})`,
      );
    }
    checked.set(namespace, { size, ttlMs });
  }
  return checked;
}
