import { isEpoch, parseOffset } from '../../protocol/historyPosition.js';
import { type ISessionRecord } from './sessionStore.js';

/**
 * Checks a record before it is kept, and again when read back from Redis (which anything with
 * access to the key space may have written): a field of the wrong shape makes the whole record
 * unusable rather than half-restoring a connection.
 */
export function invalidSessionRecord(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Partial<Record<keyof ISessionRecord, unknown>>;
  for (const field of ['id', 'namespace', 'userKey'] as const) {
    if (typeof record[field] !== 'string') return `${field} is not a string`;
  }
  if (!Array.isArray(record.rooms) || !record.rooms.every(room => typeof room === 'string')) {
    return 'rooms is not a list of strings';
  }
  if (!isEpoch(record.epoch)) return 'epoch is not an epoch';
  if (parseOffset(record.offset) === undefined) return 'offset is not an offset';
  return undefined;
}

/** Only the record's own fields: whatever else a caller's object carries is not stored. */
export function pickSessionRecord(record: ISessionRecord): ISessionRecord {
  const { id, namespace, userKey, rooms, epoch, offset } = record;
  return { id, namespace, userKey, rooms: [...rooms], epoch, offset };
}
