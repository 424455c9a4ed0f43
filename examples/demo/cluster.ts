import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import type { ILogger } from '../../src/index.js';

/** Upper bound of WORKERS: far above any core count, low enough to catch a typo like 1000. */
export const MAX_WORKERS = 256;
/** Env var telling a worker which slot (1..N) it fills, for its log prefix. */
export const WORKER_SLOT_ENV = 'DEMO_WORKER_SLOT';

/** First restart delay after a crash; it doubles per crash in a row, up to the maximum. */
const RESTART_DELAY_MIN_MS = 100;
const RESTART_DELAY_MAX_MS = 10_000;
/** A worker that ran this long before crashing starts a fresh series of backoff delays. */
const STABLE_AFTER_MS = 10_000;
/** Workers get this long to close their sockets after the signal; then they are killed and the primary exits 1. */
const SHUTDOWN_TIMEOUT_MS = 12_000;
/** A second signal later than this after the first kills the workers at once. */
const SIGNAL_ECHO_MS = 1000;

/**
 * Reads WORKERS (default 1). More than one needs REDIS_URL: workers reach each other's clients only
 * through Redis, and without it a broadcast would silently miss the clients of the other workers.
 */
export function readWorkerCount(env: NodeJS.ProcessEnv, redisUrl: string | undefined): number {
  const raw = env.WORKERS?.trim() ?? '';
  if (raw === '') return 1;
  const workers = Number(raw);
  if (!/^\d+$/.test(raw) || workers < 1 || workers > MAX_WORKERS) {
    throw new Error(`WORKERS must be a whole number from 1 to ${MAX_WORKERS}, got "${env.WORKERS}"`);
  }
  if (workers > 1 && redisUrl === undefined) {
    throw new Error(
      `WORKERS=${workers} needs REDIS_URL: workers reach each other's clients only through Redis. ` +
        'Set REDIS_URL (e.g. redis://127.0.0.1:6379) or leave WORKERS unset for one process',
    );
  }
  return workers;
}

export interface IClusterPrimaryOptions {
  workers: number;
  /** As the workers listen on it: the listening line says `http://<host>:<port>`. */
  host: string;
  logger: ILogger;
}

interface IWorkerSlot {
  index: number;
  startedAt: number;
  /** Crashes in a row: the exponent of the next restart delay. */
  crashes: number;
  restartTimer?: NodeJS.Timeout;
}

/**
 * The cluster primary: forks `workers` demo processes that share one port, prints
 * `listening on http://HOST:PORT` once when all of them accept connections, restarts a worker that
 * crashes (with backoff), and on SIGINT/SIGTERM forwards the signal and resolves with the exit code
 * once every worker has closed. A worker that exits before the first listening line means the demo
 * cannot start (port taken, bad settings): the primary then stops the others and resolves with 1.
 */
export function runClusterPrimary(options: IClusterPrimaryOptions): Promise<number> {
  const { workers, host, logger } = options;
  // Tokens are signed by whichever worker answered; all must share the secret to accept each other's.
  const passportSecret = process.env.PASSPORT_SECRET || randomBytes(32).toString('hex');
  const slots: IWorkerSlot[] = Array.from({ length: workers }, (_, index) => ({
    index: index + 1,
    startedAt: 0,
    crashes: 0,
  }));
  const slotOf = new Map<Worker, IWorkerSlot>();
  const listeningSlots = new Set<IWorkerSlot>();
  let announced = false;
  let stopping = false;
  let failedShutdown = false;

  return new Promise<number>(resolve => {
    const fork = (slot: IWorkerSlot) => {
      slot.restartTimer = undefined;
      slot.startedAt = Date.now();
      const worker = cluster.fork({ PASSPORT_SECRET: passportSecret, [WORKER_SLOT_ENV]: String(slot.index) });
      slotOf.set(worker, slot);
    };

    const finishIfAllExited = () => {
      if (slotOf.size > 0) return;
      resolve(failedShutdown ? 1 : 0);
    };

    const stop = (reason: string, signal: NodeJS.Signals) => {
      if (stopping) {
        for (const worker of slotOf.keys()) worker.process.kill(signal);
        return;
      }
      stopping = true;
      logger.info(`${reason}: stopping ${slotOf.size} worker(s)`);
      for (const slot of slots) clearTimeout(slot.restartTimer);
      for (const worker of slotOf.keys()) worker.process.kill(signal);
      const watchdog = setTimeout(() => {
        logger.error(`workers still running ${SHUTDOWN_TIMEOUT_MS} ms after ${signal}: killing them`);
        for (const worker of slotOf.keys()) worker.process.kill('SIGKILL');
        failedShutdown = true;
      }, SHUTDOWN_TIMEOUT_MS);
      watchdog.unref();
      finishIfAllExited();
    };

    cluster.on('listening', (worker: Worker, address: AddressInfo) => {
      const slot = slotOf.get(worker);
      if (!slot) return;
      logger.info(`worker ${slot.index} (pid ${worker.process.pid}) listening`);
      listeningSlots.add(slot);
      if (!announced && listeningSlots.size === workers) {
        announced = true;
        console.log(`listening on http://${host}:${address.port}`);
      }
    });

    cluster.on('exit', (worker: Worker, code: number | null, signal: NodeJS.Signals | null) => {
      const slot = slotOf.get(worker);
      if (!slot) return;
      slotOf.delete(worker);
      listeningSlots.delete(slot);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) {
        // Killed by the forwarded signal before its handlers were installed counts as closed.
        if (code !== null && code !== 0) failedShutdown = true;
        finishIfAllExited();
        return;
      }
      if (!announced) {
        logger.error(`worker ${slot.index} (pid ${worker.process.pid}) exited with ${how} before listening`);
        failedShutdown = true;
        stop('the demo cannot start', 'SIGTERM');
        return;
      }
      if (Date.now() - slot.startedAt >= STABLE_AFTER_MS) slot.crashes = 0;
      slot.crashes++;
      const delay = Math.min(RESTART_DELAY_MAX_MS, RESTART_DELAY_MIN_MS * 2 ** (slot.crashes - 1));
      logger.warn(
        `worker ${slot.index} (pid ${worker.process.pid}) exited with ${how}; restarting it in ${delay} ms (crash ${slot.crashes} in a row)`,
      );
      slot.restartTimer = setTimeout(() => fork(slot), delay);
    });

    let firstSignalAt: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      // `timeout` and some supervisors signal the process and then its whole group: a repeat within
      // a second is that echo, not an impatient operator.
      if (firstSignalAt !== undefined && Date.now() - firstSignalAt < SIGNAL_ECHO_MS) return;
      if (firstSignalAt !== undefined) {
        logger.warn(`${signal} again: killing the workers without waiting`);
        for (const worker of slotOf.keys()) worker.process.kill('SIGKILL');
        process.exit(1);
      }
      firstSignalAt = Date.now();
      stop(signal, signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    logger.info(`primary pid ${process.pid}: starting ${workers} workers`);
    for (const slot of slots) fork(slot);
  });
}
