import { SocketCloseCode } from '../protocol/closeCodes.js';
import { type ILogger } from '../core/logger.js';
import { type IPassportVerifier } from '../types/plugins.js';
import { type ISocketContext, type ISocketUser } from '../types/socket.js';
import { SocketCloseError } from '../lib/socketCloseError.js';
import { SocketCloseReason } from '../protocol/closeReasons.js';

/** Below this, an `expiresAt` is almost surely in seconds (1e12 ms is September 2001). */
const SECONDS_NOT_MILLISECONDS = 1e12;

/** `text` with every occurrence of `secret` replaced: a passport code never reaches a log in clear. */
export function maskSecret(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[passport code]');
}

/**
 * Runs the passport verifier on a code, for the connection stage and for refreshes alike. Undefined back
 * means an invalid code; so does a verifier that throws (a JWT library throws on a bad token), logged
 * at warn with the code masked. A `SocketCloseError` from the verifier keeps its close code. A user whose
 * `expiresAt` is not a finite number is a verifier bug: logged, and the connection closes with 1011.
 */
export async function verifyPassportCode(
  verifier: IPassportVerifier,
  code: string,
  ctx: ISocketContext,
  logger: ILogger,
): Promise<ISocketUser | undefined> {
  let user: ISocketUser | undefined;
  try {
    user = (await verifier.verify(code, ctx)) ?? undefined;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // No cause on purpose: the verifier's error may carry the code in clear, and this one reaches logs.
    if (error instanceof SocketCloseError) throw new SocketCloseError(error.closeCode, maskSecret(error.message, code));
    logger.warn(`passport verifier threw for ${ctx.id} (treated as an invalid code): ${maskSecret(message, code)}`);
    return undefined;
  }
  if (user?.expiresAt !== undefined && !Number.isFinite(user.expiresAt)) {
    logger.error(
      `passport verifier returned expiresAt ${String(user.expiresAt)} for ${ctx.id}: return milliseconds since the epoch, or leave it out`,
    );
    throw new SocketCloseError(SocketCloseCode.internalError, SocketCloseReason.passportVerifierFailed);
  }
  return user;
}

/** True when `user` has expired; logs a hint when its `expiresAt` looks like seconds rather than milliseconds. */
export function isExpired(user: ISocketUser | undefined, logger: ILogger, now = Date.now()): boolean {
  const expiresAt = user?.expiresAt;
  if (expiresAt === undefined || expiresAt > now) return false;
  if (expiresAt < SECONDS_NOT_MILLISECONDS) {
    logger.warn(`passport expiresAt ${expiresAt} is in the past: it is milliseconds since the epoch (JWT exp × 1000)`);
  }
  return true;
}

/**
 * A refresh keeps the same person: neither side anonymous, and the same `id` when either has one, else the
 * same `name`. Access rules ran on the identity the connection entered with; a refresh must not change it.
 */
export function isSameUser(current: ISocketUser | undefined, next: ISocketUser): boolean {
  if (!current || current.anonymous || next.anonymous) return false;
  if (current.id !== undefined || next.id !== undefined) return current.id === next.id;
  return current.name !== undefined && current.name === next.name;
}
