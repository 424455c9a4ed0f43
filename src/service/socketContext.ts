import { type WebSocket } from 'ws';
import {
  type ISocketContext,
  type ISocketInstance,
  type ISocketRequest,
  type ISocketUser,
  type ISocketWebSocket,
  type SendEventCallback,
} from '../types/socket.js';

/** What the rest of the server reaches of a connection's run (`SocketConnectionRun`) through its context. */
export interface IConnectionRun {
  /** Aborted when the connection closes. */
  readonly signal: AbortSignal;
  /** Settles once the exit chain ran and the client left the registry. */
  readonly finished: Promise<void>;
  /** Holds a frame while the connection enters; false once its enter chain is over. */
  holdFrame(frame: string | Buffer, cb?: SendEventCallback): boolean;
}

const kRun = Symbol('a-socket:run');

/**
 * `ctx` of a connection. `signal` is made on first use: an AbortSignal costs ~0.7 KB and ~2 µs on Node 20,
 * and most connections never need one; one asked for after the close comes already aborted. `state` is
 * made on first use too: every idle connection pays for what it holds.
 */
export class SocketContext implements ISocketContext {
  user?: ISocketUser = undefined;
  instance?: ISocketInstance = undefined;
  private stateObject: Record<string, unknown> | undefined = undefined;
  readonly [kRun]: IConnectionRun;

  constructor(
    run: IConnectionRun,
    public id: string,
    public namespace: string,
    public request: ISocketRequest,
    public query: Record<string, string>,
    public passportCode: string | undefined,
    public instanceName: string | undefined,
    public locale: string | undefined,
    public tz: string | undefined,
    public ws: ISocketWebSocket,
  ) {
    this[kRun] = run;
  }

  get signal(): AbortSignal {
    return this[kRun].signal;
  }

  get state(): Record<string, unknown> {
    return (this.stateObject ??= {});
  }

  set state(value: Record<string, unknown>) {
    this.stateObject = value;
  }
}

/** The run of a socket that a-socket accepted, or undefined for any other. */
export function connectionRunOf(ws: WebSocket): IConnectionRun | undefined {
  const ctx = (ws as Partial<ISocketWebSocket>).ctx;
  return ctx instanceof SocketContext ? ctx[kRun] : undefined;
}

/** The run of a context a-socket made: for the socket listeners of that run, which know whose socket it is. */
export function runOfContext(ctx: SocketContext): IConnectionRun {
  return ctx[kRun];
}
