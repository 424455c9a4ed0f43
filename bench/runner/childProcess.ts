import { fork, type ChildProcess } from 'node:child_process';

/** How much of a child's stdout/stderr is kept to explain a failure. */
const OUTPUT_TAIL_CHARS = 4000;

/** Every child still alive, so that an interrupt or a crash of the runner can kill them all. */
const liveChildren = new Set<ChildProcess>();

export function killAllChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
}

export interface IExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A forked benchmark process (server or generator) with typed IPC. Its output is captured, not
 * shown: a system's logging must not garble the tables, but the tail explains a failure.
 */
export class ChildHandle<ToChild, FromChild> {
  readonly exited: Promise<IExit>;
  private readonly child: ChildProcess;
  private outputTail = '';

  constructor(script: string, args: readonly string[], execArgv: readonly string[], env?: Record<string, string>) {
    this.child = fork(script, [...args], {
      execArgv: [...execArgv],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: env ? { ...process.env, ...env } : process.env,
    });
    liveChildren.add(this.child);
    const keep = (chunk: Buffer) => {
      this.outputTail = (this.outputTail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise(resolve =>
      this.child.once('exit', (code, signal) => {
        liveChildren.delete(this.child);
        resolve({ code, signal });
      }),
    );
    // A child that died leaves an EPIPE on the channel: that is reported through `exited` already.
    this.child.on('error', () => {});
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  send(message: ToChild): void {
    if (this.child.connected) this.child.send(message as object);
  }

  onMessage(listener: (message: FromChild) => void): void {
    this.child.on('message', message => listener(message as FromChild));
  }

  /** The last few KB the child printed, for error messages. */
  output(): string {
    return this.outputTail.trim();
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** Waits up to `graceMs` for the child to exit by itself, then kills it. */
  async exitWithin(graceMs: number): Promise<IExit> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>(resolve => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.exited, grace]);
    clearTimeout(timer);
    this.kill();
    return this.exited;
  }
}
