import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 32 random bytes, base64url (43 characters): unguessable, and safe in a query string. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `value` has the form `createSessionToken` makes; anything else a client sends is refused unread. */
export function isSessionToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** What a store files a token under: a copy of the store (a Redis dump, a log of keys) holds no usable token. */
export function sessionTokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
