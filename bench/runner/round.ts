import { randomUUID } from 'node:crypto';
import {
  type FromGeneratorMessage,
  type IGeneratorJob,
  type IRoundMeasurement,
  type ServerTarget,
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
  /** Cross-process rounds: the Redis both server processes join, and this run's channel prefix. */
  redis?: { url: string; prefix: string };
}

function urlOf(system: IBenchSystem, port: number): string {
  const scheme = system.client.protocol === 'socketio' || system.client.protocol === 'http' ? 'http' : 'ws';
  return `${scheme}://127.0.0.1:${port}${system.client.path}`;
}

function exitText(exit: { code: number | null; signal: string | null }, output: string): string {
  return `exited (${exit.code ?? exit.signal})${output ? `: ${output}` : ''}`;
}

/** Runs the job in the generator, relaying its server requests, until it reports a measurement. */
function drive(
  servers: Partial<Record<ServerTarget, ServerHandle>>,
  generator: GeneratorHandle,
  job: IGeneratorJob,
): Promise<IRoundMeasurement> {
  return new Promise((resolve, reject) => {
    // Request ids are the generator's; each server answers its own, relayed back as they come.
    generator.onMessage(message => {
      if (message.type === 'serverRequest') {
        const server = servers[message.target ?? 'a'];
        if (server) server.send({ type: 'request', id: message.id, command: message.command });
        else reject(new Error(`the generator asked for server ${message.target}, which this round does not have`));
      } else if (message.type === 'result') resolve(message.measurement);
      else reject(new Error(message.message));
    });
    for (const [target, server] of Object.entries(servers)) {
      server.onMessage(message => {
        if (message.type !== 'response') return;
        generator.send({ type: 'serverResponse', id: message.id, result: message.result, error: message.error });
      });
      void server.exited.then(exit => reject(new Error(`server ${target} ${exitText(exit, server.output())}`)));
    }
    void generator.exited.then(exit => reject(new Error(`generator ${exitText(exit, generator.output())}`)));
    generator.send({ type: 'run', job });
  });
}

/**
 * One round of one system: a fresh server process (two, A and B, in a cross-process round) and a fresh
 * generator process, so no round inherits another's JIT state, garbage or open sockets. Every process
 * is gone when this settles, also on failure or when the variant's hard timeout strikes.
 */
export async function runRound(spec: IRoundSpec): Promise<IRoundMeasurement> {
  const { system, variant } = spec;
  // Started beside the server: its imports load while the server starts.
  const generator: GeneratorHandle = new ChildHandle(GENERATOR_SCRIPT, [], []);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${Math.round(variant.timeoutMs / 1000)} s`)),
      variant.timeoutMs,
    );
  });
  deadline.catch(() => {});
  const servers: Partial<Record<ServerTarget, ServerHandle>> = {};
  try {
    const targets: ServerTarget[] = variant.kind === 'cross-process' ? ['a', 'b'] : ['a'];
    const ports: Partial<Record<ServerTarget, number>> = {};
    for (const target of targets) {
      const suffix = targets.length > 1 ? `-${target}` : '';
      const profileName = spec.profile ? `${variant.id}-${system.name}-r${spec.round}${suffix}` : undefined;
      const env = spec.redis && {
        BENCH_REDIS_URL: spec.redis.url,
        BENCH_REDIS_PREFIX: spec.redis.prefix,
        BENCH_WORKER_ID: `${target}-${randomUUID()}`,
      };
      const started = await Promise.race([startServer(system.name, variant.kind, { profileName, env }), deadline]);
      servers[target] = started.server;
      ports[target] = started.port;
    }
    const job: IGeneratorJob = {
      system: system.name,
      protocol: system.client.protocol,
      url: urlOf(system, ports.a ?? 0),
      params: variant.params,
    };
    return await Promise.race([drive(servers, generator, job), deadline]);
  } finally {
    clearTimeout(timer);
    // The generator goes first: the servers then see their clients leave instead of waiting on them.
    generator.kill();
    await generator.exited;
    await Promise.all(Object.values(servers).map(server => stopServer(server)));
  }
}
