import { type EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { type Duplex } from 'node:stream';
import { DeadlineList, type IDeadlineEntry } from '../core/deadlineList.js';
import { destroyOnError, rejectUpgrade } from './rejectUpgrade.js';

/** An upgrade outside `globalPrefix` waiting for another listener of the host server to take it. */
class PendingUpgrade implements IDeadlineEntry<PendingUpgrade> {
  deadline = 0;
  prev: PendingUpgrade | undefined;
  next: PendingUpgrade | undefined;
  readonly onClose: () => void;

  constructor(
    readonly socket: Duplex,
    deadlines: DeadlineList<PendingUpgrade>,
  ) {
    this.onClose = () => deadlines.remove(this);
  }
}

/**
 * Whether an upgrade listener has taken the socket: it wrote to it (ws's `handleUpgrade` writes `101` or an
 * error at once), reads from it (a proxy piping it), or closed it. Node hands the socket over with
 * `readableFlowing` null and nothing written, and drops its own timeouts for it.
 */
function isClaimed(socket: Duplex): boolean {
  return (
    socket.destroyed ||
    socket.writableEnded ||
    socket.writableLength > 0 ||
    (socket instanceof Socket && socket.bytesWritten > 0) ||
    socket.readableFlowing !== null
  );
}

/**
 * Upgrade requests for paths outside `globalPrefix`. Once the host server emits `upgrade` it has dropped
 * every timeout of that socket (`headersTimeout`, `requestTimeout` and `server.timeout` no longer apply),
 * so a socket no listener answers stays open for ever; enough of them exhaust the process's descriptors.
 *
 * - a-socket is the host server's only `upgrade` listener: no one else can answer, so 400 at once.
 * - There are others (a dev server's HMR socket, another ws server on its own path): they get the socket
 *   first; one that none of them has taken after `timeoutMs` is answered 400 and closed.
 */
export class UnclaimedUpgrades {
  private readonly deadlines = new DeadlineList<PendingUpgrade>(pending => this.settle(pending));

  constructor(
    private readonly server: EventEmitter,
    private readonly timeoutMs: number,
  ) {}

  /** Takes an upgrade a-socket does not serve; called from a-socket's own `upgrade` listener. */
  add(socket: Duplex): void {
    if (this.server.listenerCount('upgrade') <= 1) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    const pending = new PendingUpgrade(socket, this.deadlines);
    // Node removed its own `error` listener before the hand-over; an error with none would kill the process.
    socket.on('error', destroyOnError);
    socket.once('close', pending.onClose);
    this.deadlines.add(pending, this.timeoutMs);
  }

  /** Shutdown: every pending upgrade meets its deadline now (the host server cannot close while one is open). */
  settleAll(): void {
    this.deadlines.expireAll();
  }

  private settle({ socket, onClose }: PendingUpgrade): void {
    socket.off('close', onClose);
    if (!isClaimed(socket)) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    socket.off('error', destroyOnError);
  }
}
