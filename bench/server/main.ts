/**
 * The server process of a round: starts one system and answers the runner's commands. Run as
 * `node dist/bench/server/main.js <system> <port> <scenario>` with an IPC channel (child_process.fork).
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from '../lib/clock.js';
import {
  type FromServerMessage,
  type IBroadcastPacedSent,
  type IBroadcastSent,
  type IMemorySample,
  type IServerReport,
  type ServerCommand,
  type ServerCommandResult,
  type ToServerMessage,
} from '../lib/ipc.js';
import {
  type IBroadcastMessage,
  type ICrossProcessOptions,
  type IRunningServer,
  type ScenarioKind,
} from '../lib/system.js';
import { loadSystem } from '../lib/systems.js';

/** How long `close()` of a system may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 3000;

function send(message: FromServerMessage): void {
  process.send?.(message);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Memory now; with `collect`, after full GCs first (several passes: one major GC can leave objects
 * that only die once their finalizers ran).
 */
async function memorySample(server: IRunningServer, collect: boolean): Promise<IMemorySample> {
  const gc = collect ? globalThis.gc : undefined;
  if (gc) {
    for (let i = 0; i < 3; i++) {
      gc();
      await nextTurn();
    }
  }
  const usage = process.memoryUsage();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    collected: gc !== undefined,
    connections: server.connectionCount(),
  };
}

function broadcastMessages(count: number, payloadBytes: number): IBroadcastMessage[] {
  // `{"seq":123,"text":"…"}` is 20 bytes plus the text: size the text so the payload is about payloadBytes.
  const text = 'x'.repeat(Math.max(0, payloadBytes - 20));
  return Array.from({ length: count }, (_, seq) => ({ seq, text }));
}

async function broadcast(
  server: IRunningServer,
  command: Extract<ServerCommand, { cmd: 'broadcast' }>,
): Promise<IBroadcastSent> {
  const messages = broadcastMessages(command.count, command.payloadBytes);
  const firstSendMs = nowMs();
  for (let i = 0; i < messages.length; i++) {
    server.broadcast(messages[i]);
    // Yielding between bursts lets the loop flush sockets and read, as a live server's would.
    if ((i + 1) % command.burst === 0 && i + 1 < messages.length) await nextTurn();
  }
  return { firstSendMs, lastSendMs: nowMs() };
}

/** One message at a time, one every `intervalMs`: each delivery's latency is not queued behind others. */
async function broadcastPaced(
  server: IRunningServer,
  command: Extract<ServerCommand, { cmd: 'broadcastPaced' }>,
): Promise<IBroadcastPacedSent> {
  const messages = broadcastMessages(command.count, command.payloadBytes);
  const sendMs: number[] = [];
  for (const message of messages) {
    sendMs.push(nowMs());
    server.broadcast(message);
    await sleep(command.intervalMs);
  }
  return { sendMs };
}

/** Cross-process rounds pass the bus through the environment (see runner/serverProcess.ts). */
function crossProcessOptions(): ICrossProcessOptions {
  const { BENCH_REDIS_URL: redisUrl, BENCH_REDIS_PREFIX: prefix, BENCH_WORKER_ID: workerId } = process.env;
  if (!redisUrl || !prefix || !workerId) throw new Error('cross-process: BENCH_REDIS_URL, _PREFIX, _WORKER_ID not set');
  return { redisUrl, prefix, workerId };
}

async function main(): Promise<void> {
  const [systemName, portText, scenario] = process.argv.slice(2);
  // The runner owns this process: when it goes away (even killed), so do we.
  process.on('disconnect', () => process.exit(0));

  let server: IRunningServer;
  try {
    const system = await loadSystem(systemName);
    if (scenario === 'cross-process') {
      if (!system.startCrossProcess) throw new Error(`${systemName} does not run across processes`);
      server = await system.startCrossProcess(Number(portText), crossProcessOptions());
    } else {
      server = await system.start(Number(portText), scenario as ScenarioKind);
    }
  } catch (error) {
    send({ type: 'startFailed', message: errorText(error) });
    return;
  }

  let markCpu = process.cpuUsage();
  let markTime = nowMs();

  const run = async (command: ServerCommand): Promise<ServerCommandResult> => {
    switch (command.cmd) {
      case 'mark':
        markCpu = process.cpuUsage();
        markTime = nowMs();
        return {};
      case 'report': {
        const used = process.cpuUsage(markCpu);
        const report: IServerReport = {
          cpuUserMs: used.user / 1000,
          cpuSystemMs: used.system / 1000,
          elapsedMs: nowMs() - markTime,
          // No GC here: it would cost time for a number only the connect scenario needs.
          memory: await memorySample(server, false),
        };
        return report;
      }
      case 'broadcast':
        return broadcast(server, command);
      case 'memory':
        return memorySample(server, true);
      case 'broadcastPaced':
        return broadcastPaced(server, command);
    }
  };

  process.on('message', (message: ToServerMessage) => {
    if (message.type === 'stop') {
      const timeout = new Promise(resolve => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
      // Exit explicitly (not by draining the loop): --cpu-prof writes its profile on this exit.
      void Promise.race([server.close(), timeout]).finally(() => process.exit(0));
      return;
    }
    run(message.command).then(
      result => send({ type: 'response', id: message.id, result }),
      (error: unknown) => send({ type: 'response', id: message.id, error: errorText(error) }),
    );
  });
  send({ type: 'ready' });
}

void main();
