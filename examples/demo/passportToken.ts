import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IPassportVerifier, ISocketUser } from '../../src/index.js';

/** What a token says: who, and until when (seconds since the epoch, like JWT's `exp`). */
export interface IPassportTokenPayload {
  name: string;
  exp: number;
}

export interface IPassportTokensOptions {
  /** How long a token stays valid. Default one hour. */
  ttlSeconds?: number;
  /** Clock in milliseconds; tests pass their own. */
  now?: () => number;
}

const MIN_SECRET_LENGTH = 16;
const MAX_NAME_LENGTH = 64;
/** Tokens longer than this are refused before any hashing: nothing valid is that long. */
const MAX_TOKEN_LENGTH = 1024;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Why a name cannot be put in a token, or undefined when it can. */
export function invalidNameReason(name: unknown): string | undefined {
  if (typeof name !== 'string') return `name must be a string, got ${name === null ? 'null' : typeof name}`;
  const trimmed = name.trim();
  if (trimmed === '') return 'name must not be empty';
  if (trimmed.length > MAX_NAME_LENGTH)
    return `name must be at most ${MAX_NAME_LENGTH} characters, got ${trimmed.length}`;
  if (CONTROL_CHARACTERS.test(trimmed)) return 'name must not contain control characters';
  return undefined;
}

/**
 * Signed identity tokens: `base64url(JSON {name, exp}) "." base64url(HMAC-SHA256(secret, first part))`.
 * The demo's stand-in for a real session store; anyone holding the secret can mint tokens.
 */
export class PassportTokens {
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(
    private readonly secret: string | Buffer,
    options: IPassportTokensOptions = {},
  ) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`the token secret must be at least ${MIN_SECRET_LENGTH} characters long, got ${secret.length}`);
    }
    this.ttlSeconds = options.ttlSeconds ?? 3600;
    this.now = options.now ?? Date.now;
  }

  /** A token for `name` (trimmed); throws when the name is not acceptable, saying why. */
  sign(name: string): string {
    const reason = invalidNameReason(name);
    if (reason) throw new Error(reason);
    const payload: IPassportTokenPayload = {
      name: name.trim(),
      exp: Math.floor(this.now() / 1000) + this.ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.signature(body).toString('base64url')}`;
  }

  /** The payload of a genuine, unexpired token; undefined for anything else. */
  verify(token: string): IPassportTokenPayload | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 2) return undefined;
    const [body, signature] = parts;
    // Compared as text against the canonical encoding: decoding first would accept other spellings of
    // the same bytes (base64's unused low bits), so one token would have several valid forms.
    const expected = Buffer.from(this.signature(body).toString('base64url'));
    const given = Buffer.from(signature);
    // timingSafeEqual throws on different lengths; the length of a signature is no secret.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isTokenPayload(payload)) return undefined;
    if (payload.exp * 1000 <= this.now()) return undefined;
    return payload;
  }

  private signature(body: string): Buffer {
    return createHmac('sha256', this.secret).update(body).digest();
  }
}

function isTokenPayload(value: unknown): value is IPassportTokenPayload {
  if (value === null || typeof value !== 'object') return false;
  const { name, exp } = value as Record<string, unknown>;
  return invalidNameReason(name) === undefined && typeof exp === 'number' && Number.isFinite(exp);
}

/**
 * The socket side of the tokens: `?x-vona-passport-code=<token>` becomes that user; an invalid or
 * expired token gives undefined, and the runtime closes the connection with 1008.
 */
export function createTokenPassportVerifier(tokens: PassportTokens): IPassportVerifier {
  return {
    verify(code: string): ISocketUser | undefined {
      const payload = tokens.verify(code);
      // expiresAt lets the runtime warn the client before expiry and close it (1008) once the token is stale.
      return payload ? { name: payload.name, anonymous: false, expiresAt: payload.exp * 1000 } : undefined;
    },
  };
}
