import {
  type FromGeneratorMessage,
  type IServerCommandResults,
  type ServerCommand,
  type ServerCommandResult,
} from '../lib/ipc.js';

/** The generator's way to the server process: requests relayed by the runner, answers matched by id. */
export class ServerLink {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(result: ServerCommandResult): void; reject(error: Error): void }
  >();

  request<C extends ServerCommand>(command: C): Promise<IServerCommandResults[C['cmd']]> {
    const id = ++this.nextId;
    return new Promise<ServerCommandResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: FromGeneratorMessage = { type: 'serverRequest', id, command };
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
