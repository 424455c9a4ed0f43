import {
  type FromGeneratorMessage,
  type IGeneratorJob,
  type IRoundMeasurement,
  type ToGeneratorMessage,
} from '../lib/ipc.js';
import { type IBenchSystem } from '../lib/system.js';
import { ChildHandle } from './childProcess.js';
import { GENERATOR_SCRIPT } from './paths.js';
import { type IVariant } from './plan.js';
import { startServer, stopServer, type ServerHandle } from './serverProcess.js';

type GeneratorHandle = ChildHandle<ToGeneratorMessage, FromGeneratorMessage>;

export interface IRoundSpec {
  system: IBenchSystem;
  variant: IVariant;
  round: number;
  profile: boolean;
}

function urlOf(system: IBenchSystem, port: number): string {
  const scheme = system.client.protocol === 'socketio' ? 'http' : 'ws';
  return `${scheme}://127.0.0.1:${port}${system.client.path}`;
}

function exitText(exit: { code: number | null; signal: string | null }, output: string): string {
  return `exited (${exit.code ?? exit.signal})${output ? `: ${output}` : ''}`;
}

/** Runs the job in the generator, relaying its server requests, until it reports a measurement. */
function drive(server: ServerHandle, generator: GeneratorHandle, job: IGeneratorJob): Promise<IRoundMeasurement> {
  return new Promise((resolve, reject) => {
    generator.onMessage(message => {
      if (message.type === 'serverRequest') server.send({ type: 'request', id: message.id, command: message.command });
      else if (message.type === 'result') resolve(message.measurement);
      else reject(new Error(message.message));
    });
    server.onMessage(message => {
      if (message.type !== 'response') return;
      generator.send({ type: 'serverResponse', id: message.id, result: message.result, error: message.error });
    });
    void generator.exited.then(exit => reject(new Error(`generator ${exitText(exit, generator.output())}`)));
    void server.exited.then(exit => reject(new Error(`server ${exitText(exit, server.output())}`)));
    generator.send({ type: 'run', job });
  });
}

/**
 * One round of one system: a fresh server process and a fresh generator process, so no round
 * inherits another's JIT state, garbage or open sockets. Both processes are gone when this settles,
 * also on failure or when the variant's hard timeout strikes.
 */
export async function runRound(spec: IRoundSpec): Promise<IRoundMeasurement> {
  const { system, variant } = spec;
  // Started beside the server: its imports load while the server starts.
  const generator: GeneratorHandle = new ChildHandle(GENERATOR_SCRIPT, [], []);
  let server: ServerHandle | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${Math.round(variant.timeoutMs / 1000)} s`)),
      variant.timeoutMs,
    );
  });
  deadline.catch(() => {});
  try {
    const profileName = spec.profile ? `${variant.id}-${system.name}-r${spec.round}` : undefined;
    const started = await Promise.race([startServer(system.name, variant.kind, { profileName }), deadline]);
    server = started.server;
    const job: IGeneratorJob = {
      system: system.name,
      protocol: system.client.protocol,
      url: urlOf(system, started.port),
      params: variant.params,
    };
    return await Promise.race([drive(server, generator, job), deadline]);
  } finally {
    clearTimeout(timer);
    // The generator goes first: the server then sees its clients leave instead of waiting on them.
    generator.kill();
    await generator.exited;
    if (server) await stopServer(server);
  }
}
