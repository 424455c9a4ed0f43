/**
 * `npm run chaos`: the long chaos run (scripts/lib/chaosRun.ts) against the compiled demo: by default 3
 * processes on REDIS_URL (default redis://127.0.0.1:6379) behind a TCP balancer, 300 SDK clients on /feed,
 * 3000 events, 300 client drops, 3 backend drops and 2 rolling restarts of every process. CHAOS_PROCESSES,
 * CHAOS_CLIENTS, CHAOS_EVENTS, CHAOS_INTERVAL_MS, CHAOS_DROPS, CHAOS_BACKEND_DROPS, CHAOS_RESTART_ROUNDS change
 * the sizes. Prints the figures; exits 1 unless every client received every event exactly once, in order.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runChaos } from './lib/chaosRun.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name}=${raw} is not a whole number: set it like ${name}=${fallback}`);
  }
  return value;
}

async function main(): Promise<void> {
  const options = {
    demoMain: fileURLToPath(new URL('../examples/demo/main.js', import.meta.url)),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    prefix: `a-socket-chaos-${randomUUID().slice(0, 8)}`,
    processes: numberFromEnv('CHAOS_PROCESSES', 3),
    clients: numberFromEnv('CHAOS_CLIENTS', 300),
    events: numberFromEnv('CHAOS_EVENTS', 3000),
    eventIntervalMs: numberFromEnv('CHAOS_INTERVAL_MS', 40),
    drops: numberFromEnv('CHAOS_DROPS', 300),
    backendDrops: numberFromEnv('CHAOS_BACKEND_DROPS', 3),
    restartRounds: numberFromEnv('CHAOS_RESTART_ROUNDS', 2),
    settleTimeoutMs: 30_000,
    log: (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`),
  };
  const started = Date.now();
  console.log(
    `chaos: ${options.processes} processes, ${options.clients} clients, ${options.events} events every ` +
      `${options.eventIntervalMs} ms, ${options.drops} drops, ${options.backendDrops} backend drops, ` +
      `${options.restartRounds} rolling restart(s); Redis ${options.redisUrl}, prefix ${options.prefix}`,
  );
  const report = await runChaos(options);
  console.log(
    `clients:        ${report.clients} (${report.clientsComplete} received 1..${report.events} exactly once, in order)`,
  );
  console.log(`events:         ${report.events}`);
  console.log(`client drops:   ${report.drops}; backend drops: ${report.backendDrops}; restarts: ${report.restarts}`);
  console.log(`reconnects:     ${report.recovered} recovered, ${report.notRecovered} not recovered`);
  console.log(`closes:         ${JSON.stringify(report.closesByCode)}`);
  console.log(`lost:           ${report.lost}; duplicated: ${report.duplicated}; reordered: ${report.reordered}`);
  console.log(`servers:        ${JSON.stringify(report.serverCounts)}`);
  console.log(`time:           ${(report.durationMs / 1000).toFixed(1)} s`);
  if (!report.ok) {
    console.error(`FAILED:\n  ${report.failures.slice(0, 20).join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log('ok');
}

main().catch(error => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
