import { type IncomingMessage } from 'node:http';

/**
 * The peer address of a request's TCP socket, IPv4-mapped IPv6 (`::ffff:1.2.3.4`) written as IPv4, so one
 * client counts once whichever way it came. Proxy headers (X-Forwarded-For) are not read: behind a proxy,
 * every client has the proxy's address. `'unknown'` when the socket is already gone.
 */
export function remoteAddressOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress;
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
