import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type ChildEnd, demoEnvironment, killAll, stopChild } from '../../../scripts/lib/demoChild.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * Compiles src and examples (tsconfig.build.json) into a directory of its own under dist/, so that
 * test files building at the same time never write over each other's output. Inside the project,
 * so that the compiled files resolve ws and ioredis from its node_modules. Returns that directory.
 */
export async function buildDemo(label: string): Promise<string> {
  const outDir = `${ROOT}dist/test-build-${label}-${process.pid}-${randomUUID().slice(0, 8)}`;
  // --noCheck: the output is the same byte for byte, three times faster; `npm run typecheck` checks the types.
  const build = spawn(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  let output = '';
  build.stdout.on('data', chunk => (output += chunk));
  build.stderr.on('data', chunk => (output += chunk));
  const [code] = (await once(build, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`tsc -p tsconfig.build.json --outDir ${outDir} exited with ${code}:\n${output}`);
  return outDir;
}

export async function removeBuild(outDir: string | undefined): Promise<void> {
  if (outDir) await rm(outDir, { recursive: true, force: true });
}

export interface IDemoProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` from the listening line. */
  url: string;
  port: number;
  /** Everything written so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** `ws://127.0.0.1:<port>/ws<path>` */
  wsUrl(path?: string): string;
  /** Resolves once stdout or stderr matches `pattern`; rejects after `timeoutMs` or when the process exits. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends the signal and resolves with how the process ended; SIGKILL if it is still running after 8 s. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

export interface IDemoProcessOptions {
  /** `ulimit -n` of the process: the file descriptors it may hold. */
  maxOpenFiles?: number;
}

/**
 * `node <build>/examples/demo/main.js` on 127.0.0.1, port 0, with `env` over a demo-neutral copy of this
 * environment; under `sh -c 'ulimit -n …; exec node …'` when `maxOpenFiles` is given (same pid as node).
 */
function spawnDemo(
  buildDir: string,
  env: NodeJS.ProcessEnv,
  options: IDemoProcessOptions = {},
): ChildProcessWithoutNullStreams {
  const childEnv = demoEnvironment({ HOST: '127.0.0.1', PORT: '0', ...env });
  const node = [process.execPath, `${buildDir}/examples/demo/main.js`];
  const [command, args] =
    options.maxOpenFiles === undefined
      ? [node[0], node.slice(1)]
      : ['/bin/sh', ['-c', `ulimit -n ${options.maxOpenFiles} && exec "$0" "$@"`, ...node]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: childEnv,
    stdio: 'pipe',
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Starts `node <build>/examples/demo/main.js` on a free port; resolves once it prints its listening line. */
export async function startDemoProcess(
  buildDir: string,
  env: NodeJS.ProcessEnv,
  options: IDemoProcessOptions = {},
): Promise<IDemoProcess> {
  const child = spawnDemo(buildDir, env, options);
  const exited = once(child, 'exit') as Promise<ChildEnd>;
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.on('data', chunk => {
    stdout += chunk;
    for (const watcher of watchers) watcher();
  });
  child.stderr.on('data', chunk => {
    stderr += chunk;
    for (const watcher of watchers) watcher();
  });

  const waitForOutput = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern) ?? stderr.match(pattern);
        if (!match) return;
        done();
        resolve(match);
      };
      const onExit = () => {
        done();
        reject(new Error(`demo exited before printing ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        watchers.delete(check);
        child.off('exit', onExit);
      };
      watchers.add(check);
      child.once('exit', onExit);
      check();
    });

  const [, port] = await waitForOutput(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    port: Number(port),
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    wsUrl: (path = '') => `ws://127.0.0.1:${port}/ws${path}`,
    waitForOutput,
    stop: (signal = 'SIGTERM') => stopChild(child, exited, signal, 8000),
  };
}

/** Kills whatever a failed test left running. */
export async function killDemoProcesses(): Promise<void> {
  await killAll(running);
}

/** POSTs a JSON body; returns the status and the parsed answer. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Runs the demo expecting it to stop by itself (a refused configuration); resolves with its exit code and output. */
export async function runDemoToExit(
  buildDir: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnDemo(buildDir, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  return { code, stdout, stderr };
}
