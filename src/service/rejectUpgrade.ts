import { type Duplex } from 'node:stream';

/** An `error` listener that needs no closure: whatever went wrong, the socket is done. */
export function destroyOnError(this: Duplex): void {
  this.destroy();
}

/**
 * Answers an upgrade request with an HTTP error and closes its socket. The socket is destroyed once the
 * answer is written (as ws's `abortHandshake` does), not only ended: Node's http server allows half-open
 * sockets, so after `end()` alone a client that never closes its side would keep the descriptor forever.
 */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.on('error', destroyOnError);
  if (socket.destroyed) return;
  socket.once('finish', destroyOnError);
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
