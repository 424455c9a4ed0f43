import { type HistoryGapReason, type HistoryRange, type IHistoryEntry, type IHistoryLimits } from './history.js';

/**
 * The replay rule both stores share, so a client gets the same answer from memory and from Redis:
 * a gap is replayed only whole. It must lie within the last `size` entries (whatever the store
 * physically still holds: Redis trims approximately), start right after the asked offset, and its
 * first entry must be younger than `ttlMs`.
 */
export function refusal(reason: HistoryGapReason, message: string, cause?: unknown): HistoryRange {
  return cause === undefined ? { ok: false, reason, message } : { ok: false, reason, message, cause };
}

/** Checks the asked offset against the head before anything is read; undefined when entries must be read. */
export function refuseOutsideWindow(
  namespace: string,
  limits: IHistoryLimits,
  head: number,
  after: number,
): HistoryRange | undefined {
  if (after > head) {
    return refusal('offset', `offset ${after} on ${namespace} is beyond the stream's head (${head}) in this epoch`);
  }
  if (head - after > limits.size) {
    return refusal(
      'trimmed',
      `offset ${after} on ${namespace} is ${head - after} entries behind the head (${head}); history keeps ${limits.size} (size)`,
    );
  }
  return undefined;
}

/** Checks what was read for `(after, head]`: it must start at `after + 1` and not be expired. */
export function refuseReadEntries(
  namespace: string,
  limits: IHistoryLimits,
  after: number,
  entries: readonly IHistoryEntry[],
  now: number,
): HistoryRange | undefined {
  const first = entries[0];
  if (!first || Number(first.offset) !== after + 1) {
    return refusal(
      'trimmed',
      `entries after offset ${after} on ${namespace} are no longer in the stream (first kept: ${first?.offset ?? 'none'})`,
    );
  }
  if (now - first.time > limits.ttlMs) {
    return refusal(
      'expired',
      `entry ${first.offset} on ${namespace} is ${now - first.time} ms old; history replays ${limits.ttlMs} ms (ttl)`,
    );
  }
  return undefined;
}
