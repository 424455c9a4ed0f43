import { type FromServerMessage, type ToServerMessage } from '../lib/ipc.js';
import { type ScenarioKind } from '../lib/system.js';
import { ChildHandle } from './childProcess.js';
import { freePort } from './freePort.js';
import { PROFILES_DIR, SERVER_SCRIPT } from './paths.js';

export type ServerHandle = ChildHandle<ToServerMessage, FromServerMessage>;

/** The system could not start (import failed, start threw, process died): skip it, do not retry. */
export class SystemUnavailableError extends Error {}

const START_TIMEOUT_MS = 20_000;
/** The port from freePort() can be taken by someone else before the server binds it. */
const PORT_ATTEMPTS = 3;

export interface IServerStartOptions {
  /** Write a CPU profile under this name (bench/results/profiles/<name>.cpuprofile). */
  profileName?: string;
  /** Extra environment of the server process (the bus of a cross-process round). */
  env?: Record<string, string>;
}

function execArgv(options: IServerStartOptions): string[] {
  // --expose-gc: the memory measure is taken after full collections.
  const args = ['--expose-gc'];
  if (options.profileName) {
    args.push('--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`, `--cpu-prof-name=${options.profileName}.cpuprofile`);
  }
  return args;
}

function waitReady(server: ServerHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new SystemUnavailableError(`not ready within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    server.onMessage(message => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'startFailed') reject(new SystemUnavailableError(message.message));
      else return;
      clearTimeout(timer);
    });
    void server.exited.then(exit => {
      clearTimeout(timer);
      const output = server.output();
      reject(
        new SystemUnavailableError(
          `server exited (${exit.code ?? exit.signal}) before ready${output ? `: ${output}` : ''}`,
        ),
      );
    });
  });
}

/** Forks the server process of `system` on a free port and resolves once it accepts connections. */
export async function startServer(
  system: string,
  scenario: ScenarioKind,
  options: IServerStartOptions = {},
): Promise<{ server: ServerHandle; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server: ServerHandle = new ChildHandle(
      SERVER_SCRIPT,
      [system, String(port), scenario],
      execArgv(options),
      options.env,
    );
    try {
      await waitReady(server);
      return { server, port };
    } catch (error) {
      server.kill();
      await server.exited;
      if (attempt < PORT_ATTEMPTS && error instanceof Error && error.message.includes('EADDRINUSE')) continue;
      throw error;
    }
  }
}

/** Asks the server to close and exit (a profile is written on that exit); kills it if it takes too long. */
export async function stopServer(server: ServerHandle): Promise<void> {
  server.send({ type: 'stop' });
  await server.exitWithin(5000);
}
