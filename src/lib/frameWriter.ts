import { type Socket } from 'node:net';
import { type WebSocket } from 'ws';
import { type SendEventCallback } from '../types/socket.js';

/**
 * Writes text frames straight to a server-side ws socket, coalesced per socket within a tick.
 *
 * - **Frame once**: `textFrame` builds the whole WebSocket frame (header and payload) in one buffer, so a
 *   broadcast frames its event once and writes the same buffer to every client, instead of ws framing
 *   it again per client.
 * - **Coalesce**: the first write to a socket in a tick corks it and the socket is uncorked on
 *   `process.nextTick`, so every frame a socket gets in one tick (a burst of broadcasts, the answers to
 *   several calls read at once) leaves in one `writev` instead of one syscall each. A socket with
 *   `FLUSH_BYTES` or more waiting is flushed at once and not corked again while that much waits, so a
 *   big burst streams as it would uncorked.
 *
 * Order is kept: everything goes through the socket's own stream, as ws's own writes (pings, close
 * frames, `ws.send`) do. Corked bytes count in `ws.bufferedAmount`, so back-pressure checks see them.
 * This relies on two private fields of ws 8 (`_socket`, `_sender`); when they do not look as expected,
 * or ws's sender is holding frames back (compression, a Blob being read), the frame goes through
 * `ws.send` instead, which keeps the order with what the sender holds.
 */

/** Waiting bytes past which a corked socket is flushed at once. */
export const FLUSH_BYTES = 64 * 1024;

const kCorked = Symbol('a-socket:corked');

interface ICorkableSocket extends Socket {
  [kCorked]?: boolean;
}

/** The private parts of a ws 8 WebSocket used here. */
interface IWsInternals {
  _isServer?: boolean;
  _socket?: ICorkableSocket | null;
  _sender?: { _state?: number; _queue?: unknown[] } | null;
}

let corked: ICorkableSocket[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const sockets = corked;
  corked = [];
  for (let i = 0; i < sockets.length; i++) {
    const socket = sockets[i];
    if (socket[kCorked] !== true) continue;
    socket[kCorked] = false;
    socket.uncork();
  }
}

let heldUntilImmediate: Socket[] = [];

function releaseHeld(): void {
  const sockets = heldUntilImmediate;
  heldUntilImmediate = [];
  for (let i = 0; i < sockets.length; i++) sockets[i].uncork();
}

/**
 * Corks a socket that is being upgraded until the loop's next check phase, after every microtask of
 * this turn: when the connection chain completes without real I/O (the built-in onions do), the `101`
 * response and `sysReady` leave in one write instead of two. A chain that waits on I/O gets its `101`
 * sent at the check phase all the same.
 */
export function holdUntilImmediate(socket: Socket): void {
  socket.cork();
  if (heldUntilImmediate.push(socket) === 1) setImmediate(releaseHeld);
}

/** A complete unmasked text frame (FIN set): what a server writes for one message. */
export function textFrame(payload: string | Buffer): Buffer {
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const offset = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(offset + length);
  frame[0] = 0x81;
  if (offset === 2) {
    frame[1] = length;
  } else if (offset === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  if (typeof payload === 'string') frame.write(payload, offset, 'utf8');
  else payload.copy(frame, offset);
  return frame;
}

/** The socket a frame may be written to directly, or undefined when it must go through `ws.send`. */
function directSocket(ws: WebSocket): ICorkableSocket | undefined {
  const internals = ws as unknown as IWsInternals;
  const socket = internals._socket;
  const sender = internals._sender;
  if (!socket || !sender || internals._isServer !== true) return undefined;
  if (sender._state !== 0 || sender._queue === undefined || sender._queue.length !== 0) return undefined;
  return socket;
}

/**
 * Writes `frame` (built by `textFrame(payload)`) to an open server-side `ws`, corked until the end of the
 * tick. `cb` runs as it would for `ws.send(payload, cb)`: once written, or with the error.
 */
export function writeTextFrame(ws: WebSocket, frame: Buffer, payload: string | Buffer, cb?: SendEventCallback): void {
  const socket = directSocket(ws);
  if (socket === undefined) {
    ws.send(payload, { binary: false }, cb);
    return;
  }
  if (socket[kCorked] !== true && socket.writableLength < FLUSH_BYTES) {
    socket.cork();
    socket[kCorked] = true;
    corked.push(socket);
    if (!flushScheduled) {
      flushScheduled = true;
      process.nextTick(flush);
    }
  }
  // The same callback ws.send hands to socket.write: called alike (null or nothing on success, or the error).
  socket.write(frame, cb as ((error?: Error | null) => void) | undefined);
  if (socket[kCorked] === true && socket.writableLength >= FLUSH_BYTES) {
    socket[kCorked] = false;
    socket.uncork();
  }
}
