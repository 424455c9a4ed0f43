/**
 * Starts and stops compiled demo processes (`node <demoMain>`) for the chaos run: on a given port (a restart
 * comes back where the balancer expects it) with the environment the run gives, the rest of this process's
 * demo variables removed so the caller's shell cannot change what is measured.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type ChildEnd, demoEnvironment, killAll, stopChild } from './demoChild.js';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m;
/** How much of a process's output a failure message quotes. */
const OUTPUT_TAIL = 4000;

export interface LaunchedDemo {
  readonly port: number;
  readonly pid: number;
  /** The last few KB of stdout and stderr together. */
  readonly output: string;
  /** Sends `signal` (default SIGTERM) and resolves with how it ended; SIGKILL after `killAfterMs` (default 10 s). */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts `node demoMain` on 127.0.0.1:`port` (0: a free one); resolves once it prints its listening line. */
export async function launchDemo(
  demoMain: string,
  port: number,
  env: NodeJS.ProcessEnv,
  timeoutMs = 15_000,
  /** Also write everything the process prints to this file (for a post-mortem of a failed run). */
  logFile?: string,
): Promise<LaunchedDemo> {
  const childEnv = demoEnvironment({ ...env, HOST: '127.0.0.1', PORT: String(port) });
  const child = spawn(process.execPath, [demoMain], { env: childEnv, stdio: 'pipe' });
  running.add(child);
  const exited = once(child, 'exit') as Promise<ChildEnd>;
  void exited.then(() => running.delete(child));
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-OUTPUT_TAIL);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  if (logFile !== undefined) {
    const file = createWriteStream(logFile, { flags: 'a' });
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }

  const listeningPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`demo on port ${port}: no listening line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const check = () => {
      const match = LISTENING.exec(output);
      if (!match) return;
      cleanup();
      resolve(Number(match[1]));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`demo on port ${port} exited with ${code} before listening`));
    const fail = (error: Error) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', onExit);
    check();
  });

  return {
    port: listeningPort,
    pid: child.pid!,
    get output() {
      return output;
    },
    stop: (signal = 'SIGTERM', killAfterMs = 10_000) => stopChild(child, exited, signal, killAfterMs),
  };
}

/** Kills every demo this module started that is still running (after a failed run). */
export async function killLaunchedDemos(): Promise<void> {
  await killAll(running);
}
