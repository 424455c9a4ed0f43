import { spawn } from 'node:child_process';

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
 * (--experimental-vm-modules), which would change how Node loads the programs under test.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** Throws, with the command and everything it printed, unless it exited 0. */
export function expectSuccess(what: string, result: IProcessResult): IProcessResult {
  if (result.code === 0) return result;
  throw new Error(
    `${what} exited with ${result.code ?? result.signal}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
  );
}
