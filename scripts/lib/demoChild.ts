/**
 * What every launcher of demo processes needs alike (the chaos run here, the process tests under
 * test/e2e/integration): a demo-neutral environment, a stop that escalates to SIGKILL, and a sweep of whatever a
 * failed run left running.
 */
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Variables of the caller's environment that would change what the demo does. */
const DEMO_VARIABLES = [
  'HOST',
  'PORT',
  'REDIS_URL',
  'REDIS_PREFIX',
  'WORKERS',
  'PASSPORT_SECRET',
  'ALLOWED_ORIGINS',
  'A_SOCKET_LOG_LEVEL',
];

export type ChildEnd = [code: number | null, signal: NodeJS.Signals | null];

/** This process's environment without the demo's variables, then `env` over it. */
export function demoEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DEMO_VARIABLES) delete childEnv[name];
  return Object.assign(childEnv, env);
}

/** Sends `signal` unless the child already ended; SIGKILL after `killAfterMs`. Resolves with how it ended. */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<ChildEnd>,
  signal: NodeJS.Signals,
  killAfterMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const [code, endSignal] = await exited;
  clearTimeout(killer);
  return { code, signal: endSignal };
}

/** SIGKILLs every child of `running` and waits for each to exit. */
export async function killAll(running: Iterable<ChildProcess>): Promise<void> {
  await Promise.all(
    [...running].map(child => {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      return exited;
    }),
  );
}
