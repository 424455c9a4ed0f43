import { type IncomingMessage } from 'node:http';
import { getSocketContext } from '../../src/executor/index.js';
import { HttpError } from './httpJson.js';
import { type PassportTokens } from './passportToken.js';

/** Who made a request, as `GET /api/passport/current` reports it. */
export type CallerIdentity = { name: string; anonymous: false } | { name: null; anonymous: true };

const ANONYMOUS: CallerIdentity = { name: null, anonymous: true };

/**
 * The caller of a route. A call that came over a socket (performAction) is the socket's user, set by
 * the passport onion when it connected; its headers are client-written and never consulted, so a socket
 * cannot claim someone else's token. A plain HTTP call is who its `Authorization: Bearer <token>`
 * says; a bad token there is a 401 rather than a silent downgrade to anonymous.
 */
export function callerIdentity(request: IncomingMessage, tokens: PassportTokens): CallerIdentity {
  const socket = getSocketContext(request);
  if (socket) {
    const user = socket.user;
    return user && !user.anonymous && typeof user.name === 'string' ? { name: user.name, anonymous: false } : ANONYMOUS;
  }
  const authorization = request.headers.authorization;
  if (authorization === undefined) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new HttpError(401, 'Authorization header must be "Bearer <token>"');
  const payload = tokens.verify(match[1]);
  if (!payload)
    throw new HttpError(401, 'the bearer token is invalid or expired: get a new one from POST /api/passport/token');
  return { name: payload.name, anonymous: false };
}
