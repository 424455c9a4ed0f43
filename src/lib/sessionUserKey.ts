import { type ISocketUser } from '../types/socket.js';

/**
 * Who a session belongs to, compared with the freshly verified identity of a recovering connection. Anonymous
 * connections share the key `anonymous`: they may recover, the token being the only proof (docs/usage.md).
 */
export function sessionUserKey(user: ISocketUser | undefined): string {
  if (user === undefined || user.anonymous) return 'anonymous';
  const key = user.id ?? user.name;
  return key === undefined ? 'user' : `user:${key}`;
}
