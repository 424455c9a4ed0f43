import { SocketCloseError, type IPassportVerifier } from '../../src/index.js';

/**
 * Test passport codes: `valid:<name>` is that user, `valid:<name>:<expiresAt>` expires then (ms since the
 * epoch), `id:<id>:<name>` carries an id; `throw:<anything>` makes the verifier throw an Error quoting the
 * whole code, `close:<anything>` a SocketCloseError 4003 quoting it; anything else is invalid.
 */
export const expiringPassport: IPassportVerifier = {
  verify(code) {
    const [scheme, first, second] = code.split(':');
    if (scheme === 'throw') throw new Error(`cannot decode token ${code}`);
    if (scheme === 'close') throw new SocketCloseError(4003, `token ${code} revoked`);
    if (scheme === 'id' && first) return { id: first, name: second, anonymous: false };
    if (scheme !== 'valid' || !first) return undefined;
    return { name: first, anonymous: false, ...(second ? { expiresAt: Number(second) } : {}) };
  },
};

/** `valid:<name>:<now + ms>` */
export function codeExpiringIn(name: string, ms: number): string {
  return `valid:${name}:${Date.now() + ms}`;
}
