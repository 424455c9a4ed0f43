import {
  type FromGeneratorMessage,
  type IServerCommandResults,
  type ServerCommand,
  type ServerCommandResult,
  type ServerTarget,
} from '../lib/ipc.js';

/** The generator's way to the server process: requests relayed by the runner, answers matched by id. */
export class ServerLink {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(result: ServerCommandResult): void; reject(error: Error): void }
  >();

  /** Sends `command` to server `target` (`a`, the one holding the clients, unless told otherwise). */
  request<C extends ServerCommand>(command: C, target: ServerTarget = 'a'): Promise<IServerCommandResults[C['cmd']]> {
    const id = ++this.nextId;
    return new Promise<ServerCommandResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: FromGeneratorMessage = { type: 'serverRequest', id, command, target };
      process.send?.(message);
    }) as Promise<IServerCommandResults[C['cmd']]>;
  }

  /** Called with the runner's relay of the server's answer. */
  settle(id: number, result: ServerCommandResult | undefined, error: string | undefined): void {
    const waiter = this.pending.get(id);
    this.pending.delete(id);
    if (!waiter) return;
    if (error !== undefined || result === undefined) waiter.reject(new Error(`server: ${error ?? 'no result'}`));
    else waiter.resolve(result);
  }
}
