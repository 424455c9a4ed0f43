import { invalidSessionRecord, pickSessionRecord } from './sessionRecordCodec.js';
import { type ISessionRecord } from './sessionStore.js';
import { isSessionToken } from './sessionToken.js';
import { MAX_HISTORY_TTL_MS } from './historyLimits.js';

/**
 * What both session stores check before saving: the caller is the service, so a bad argument is
 * a bug there, thrown at once with what is wrong, not a record that fails later at recovery.
 */
export function checkSessionSave(store: string, token: string, record: ISessionRecord, ttlMs: number): ISessionRecord {
  if (!isSessionToken(token)) {
    throw new TypeError(`${store}.save(): the token is not one createSessionToken() makes (43 base64url characters)`);
  }
  const invalid = invalidSessionRecord(record);
  if (invalid)
    throw new TypeError(`${store}.save(): the record of connection ${String(record?.id)} is invalid: ${invalid}`);
  if (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_HISTORY_TTL_MS) {
    throw new RangeError(
      `${store}.save(): ttlMs must be an integer from 1 to ${MAX_HISTORY_TTL_MS} (got ${String(ttlMs)})`,
    );
  }
  return pickSessionRecord(record);
}
