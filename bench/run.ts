/**
 * `npm run bench`: runs every scenario against every system, each round with a fresh server process
 * and a fresh load-generator process, systems alternating within a round, and prints medians with
 * their ratios to the raw-ws baselines measured in the same run. See bench/README.md.
 */
import path from 'node:path';
import { type IBenchSystem } from './lib/system.js';
import { listSystemNames, loadSystem } from './lib/systems.js';
import { killAllChildren } from './runner/childProcess.js';
import { machineInfo, type IMachineInfo } from './runner/machine.js';
import { parseOptions, USAGE, type IBenchOptions } from './runner/options.js';
import { PACKAGE_ROOT } from './runner/paths.js';
import { planVariants, type IVariant } from './runner/plan.js';
import { probeSystems } from './runner/probe.js';
import { probeRedis, redactRedisUrl } from './runner/redisProbe.js';
import { writeResults, type IVariantResult } from './runner/results.js';
import { runRound } from './runner/round.js';
import { SystemUnavailableError } from './runner/serverProcess.js';
import { summarize, type ISystemRounds } from './runner/summary.js';
import { formatTable } from './runner/table.js';

/** Descriptors and sockets a process needs beyond its connections (node, stdio, IPC, listeners). */
const FD_HEADROOM = 256;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One line of a failure for the progress log: a crash's `Error: …` line rather than its source location. */
function headline(message: string): string {
  const lines = message.split('\n');
  const errorLine = lines.find(line => /^\w*Error\b/.test(line.trim()));
  return errorLine && errorLine !== lines[0] ? `${lines[0].split(':')[0]}: ${errorLine.trim()}` : lines[0];
}
const log = (line = '') => process.stdout.write(`${line}\n`);

/** Every round rotates the order, so no system always runs first (cold machine) or last. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}

async function chooseSystems(options: IBenchOptions, unavailable: Record<string, string>): Promise<IBenchSystem[]> {
  const present = listSystemNames();
  const asked = options.systems ? ['ws-raw', ...options.systems] : present;
  const unknown = asked.filter(name => !present.includes(name));
  if (unknown.length) throw new Error(`unknown system(s) ${unknown.join(', ')}; present: ${present.join(', ')}`);
  // In the listing's order (baselines first) whatever order the flag gave.
  const wanted = present.filter(name => asked.includes(name));

  const loaded: IBenchSystem[] = [];
  for (const name of wanted) {
    try {
      loaded.push(await loadSystem(name));
    } catch (error) {
      unavailable[name] = errorText(error);
    }
  }
  const reasons = await probeSystems(loaded.map(system => system.name));
  for (const [name, reason] of reasons) if (reason !== undefined) unavailable[name] = reason;
  for (const [name, reason] of Object.entries(unavailable)) log(`${name}: not available yet (${headline(reason)})`);
  return loaded.filter(system => !(system.name in unavailable));
}

/** The fd limit is per process; each of server and generator holds every connection of a variant. */
function fitsFdLimit(variant: IVariant, machine: IMachineInfo): boolean {
  const needed = variant.connections + FD_HEADROOM;
  if (!(machine.fdLimit.soft < needed)) return true;
  log(
    `${variant.id}: skipped — it needs about ${needed} open files per process, the limit (ulimit -n) is ` +
      `${machine.fdLimit.soft}. Raise it in this shell with \`ulimit -n ${Math.min(65536, machine.fdLimit.hard)}\` ` +
      `(no root needed up to the hard limit, ${machine.fdLimit.hard}) and run again.`,
  );
  return false;
}

/** Systems that run across processes, when Redis answers; none (with a message saying why) otherwise. */
async function crossProcessSystems(systems: IBenchSystem[], options: IBenchOptions): Promise<IBenchSystem[]> {
  const able = systems.filter(system => system.startCrossProcess !== undefined);
  if (able.length === 0) {
    log('cross-process: skipped — none of the systems chosen runs across processes (a-socket does)');
    return [];
  }
  const reason = await probeRedis(options.redisUrl);
  if (reason !== undefined) {
    log(
      `cross-process: skipped — Redis at ${redactRedisUrl(options.redisUrl)} does not answer (${reason}). ` +
        'Start one (e.g. `redis-server --daemonize yes`) or point --redis / REDIS_URL at one.',
    );
    return [];
  }
  return able;
}

/** Each system's HTTP keep-alive reference, for the `CPU ×HTTP` column. */
function httpReferences(systems: readonly IBenchSystem[]): Map<string, string> {
  const references = new Map<string, string>();
  for (const system of systems) if (system.httpReference) references.set(system.name, system.httpReference);
  return references;
}

async function runVariant(
  variant: IVariant,
  systems: IBenchSystem[],
  options: IBenchOptions,
  unavailable: Record<string, string>,
): Promise<IVariantResult> {
  const bySystem = new Map<string, ISystemRounds>(
    systems.map(system => [system.name, { system: system.name, measurements: [], failures: [] }]),
  );
  const rounds: IVariantResult['rounds'] = [];
  log(`\n${variant.title}`);
  // A channel prefix of its own per run: no other run or app on that Redis sees these broadcasts.
  const redis =
    variant.kind === 'cross-process'
      ? { url: options.redisUrl, prefix: `a-socket-bench:${process.pid}-${Date.now()}` }
      : undefined;
  for (let round = 1; round <= options.rounds; round++) {
    for (const system of rotate(systems, round - 1)) {
      if (system.name in unavailable) continue;
      const entry = bySystem.get(system.name);
      if (!entry) continue;
      const label = `  round ${round}/${options.rounds}  ${system.name.padEnd(10)}`;
      try {
        const measurement = await runRound({ system, variant, round, profile: options.profile, redis });
        entry.measurements.push(measurement);
        rounds.push({ round, system: system.name, measurement });
        log(`${label} ${Math.round(measurement.rate).toLocaleString('en-US')} ${variant.unit}`);
      } catch (error) {
        const message = errorText(error);
        entry.failures.push(message);
        rounds.push({ round, system: system.name, error: message });
        log(`${label} FAILED: ${headline(message)}`);
        if (error instanceof SystemUnavailableError) {
          unavailable[system.name] = message;
          log(`${system.name}: not available yet (${headline(message)}); skipped from now on`);
        }
      }
    }
  }
  const summaries = summarize([...bySystem.values()], httpReferences(systems));
  log();
  log(formatTable(variant, summaries));
  for (const entry of bySystem.values()) {
    if (entry.measurements.length === 0 && entry.failures.length > 0) {
      log(`${entry.system}: every round failed, first: ${headline(entry.failures[0])}`);
    }
  }
  return { variant, summaries, rounds };
}

const NOTES = [
  '×ws-raw / ×ws-corked: median rate divided by the baseline median of this run; above 1 is faster.',
  'spread: half the range of the rounds around the median; ratios closer than that are noise.',
  'srv CPU ms/1k: server process CPU (user+system) per 1,000 operations over the measured window.',
  'CPU ×HTTP: srv CPU per call / that of the same app over HTTP keep-alive (its http-* row; the bare echo servers against http-plain); below 1 costs less.',
  'gen CPU %: load generator CPU over the window; near 100% the generator, not the server, set the pace.',
  'KB/conn: server heapUsed+external growth after full GCs per idle connection (RSS shown beside it); mem ×ws-raw below 1 is leaner.',
];

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    log(USAGE);
    return;
  }
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  log(
    `a-socket bench${options.quick ? ' (quick)' : ''}: ${machine.cpuCount}× ${machine.cpuModel}, node ${machine.node}, ` +
      `ws ${machine.versions.ws}, socket.io ${machine.versions['socket.io']}, load ${machine.loadAverage.join(' ')}`,
  );
  if (machine.cpuCount < 2) log('warning: one CPU: server and generator share it, the ratios mean little');

  const unavailable: Record<string, string> = {};
  const systems = await chooseSystems(options, unavailable);
  log(`systems: ${systems.map(system => system.name).join(', ')}; ${options.rounds} round(s), alternating`);
  if (!systems.some(system => system.name === 'ws-raw')) log('warning: ws-raw is not available: no ratios');

  const variants: IVariantResult[] = [];
  for (const variant of planVariants(options)) {
    if (!fitsFdLimit(variant, machine)) continue;
    const taking = systems.filter(system => system.scenarios?.includes(variant.kind) ?? true);
    const chosen = variant.kind === 'cross-process' ? await crossProcessSystems(taking, options) : taking;
    if (chosen.length === 0) continue;
    variants.push(await runVariant(variant, chosen, options, unavailable));
  }

  log();
  for (const note of NOTES) log(note);
  const file = writeResults({
    startedAt,
    finishedAt: new Date().toISOString(),
    options: { ...options, redisUrl: redactRedisUrl(options.redisUrl) },
    machine,
    unavailable,
    notes: NOTES,
    variants,
  });
  log(`\nresults: ${path.relative(PACKAGE_ROOT, file)}`);
  if (options.profile) log('profiles: bench/results/profiles/ (open in Chrome DevTools › Performance or VS Code)');
  const failed = variants.some(variant => variant.rounds.some(round => round.error !== undefined));
  process.exitCode = failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', killAllChildren);

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${errorText(error)}\n`);
  killAllChildren();
  process.exit(2);
});
