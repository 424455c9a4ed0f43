import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';

export interface IProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface IRunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the process (SIGKILL) after this long: a hung child must fail the test, not hang it. */
  killAfterMs?: number;
}

/** Runs a command to its end and collects its output; never throws for a non-zero exit (see `expectSuccess`). */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: IRunOptions,
): Promise<IProcessResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: 'pipe' });
  const result: IProcessResult = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.on('data', chunk => (result.stdout += chunk));
  child.stderr.on('data', chunk => (result.stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        result.code = code;
        result.signal = signal;
        resolve();
      });
    });
  } finally {
    clearTimeout(killer);
  }
  return result;
}

/**
 * The environment a user's shell would give: this one without the NODE_OPTIONS jest runs under
 * (--experimental-vm-modules), which would change how Node loads the programs under test, and without the
 * npm_* variables `npm test` sets (npm_config_local_prefix names this repository: an `npm install` in the
 * temporary app must not take it for its project).
 */
export function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.toLowerCase().startsWith('npm_')),
  );
}

/** Throws, with the command and everything it printed, unless it exited 0. */
export function expectSuccess(what: string, result: IProcessResult): IProcessResult {
  if (result.code === 0) return result;
  throw new Error(
    `${what} exited with ${result.code ?? result.signal}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
  );
}

export interface IStartedProcess {
  child: ChildProcess;
  stdout: string;
  stderr: string;
}

/** Starts a long-running command; resolves once a line of its stdout is exactly `line`, rejects if it exits first. */
export async function startProcess(
  command: string,
  args: readonly string[],
  options: IRunOptions & { line: string },
): Promise<IStartedProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: 'pipe' });
  const started: IStartedProcess = { child, stdout: '', stderr: '' };
  child.stderr.on('data', chunk => (started.stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no line "${options.line}" within 15 s: ${JSON.stringify(started, ['stdout', 'stderr'])}`));
    }, options.killAfterMs ?? 15_000);
    child.stdout.on('data', chunk => {
      started.stdout += chunk;
      if (started.stdout.split('\n').includes(options.line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited with ${code} first; stderr: ${started.stderr}`));
    });
  });
  return started;
}

/** Sends SIGTERM and resolves with how the process ended; SIGKILLs it (and rejects) if it is still running after 10 s. */
export async function stopProcess(started: IStartedProcess): Promise<{ code: number | null; signal: string | null }> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const [code, signal] = await Promise.race([
    exited,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`still running 10 s after SIGTERM; stdout: ${started.stdout}`));
      }, 10_000);
    }),
  ]).finally(() => clearTimeout(timer));
  return { code, signal };
}

/** A port nobody listens on right now: bind 0, read it, release it. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
