import cluster from 'node:cluster';
import { createConsoleLogger, type ILogger } from '../../src/index.js';
import { readWorkerCount, runClusterPrimary, WORKER_SLOT_ENV } from './cluster.js';
import { startDemo, type IDemo } from './createDemo.js';
import { readDemoEnv, type IDemoEnv } from './demoEnv.js';

/** How long a shutdown may take before the process gives up and exits with 1. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * `npm start`: the demo on HOST:PORT (default 127.0.0.1:7102). Prints `listening on http://HOST:PORT`
 * once HTTP and WebSocket connections are accepted; SIGINT/SIGTERM close every socket, then the server,
 * and exit 0. A second signal exits at once. With REDIS_URL (one of several processes) SIGTERM is a rolling
 * restart: sockets close with 1012 and a retry hint, so clients reconnect to another process and recover;
 * otherwise (and on SIGINT) they close with 1001.
 *
 * With WORKERS=N (N > 1, REDIS_URL required) this process is the cluster primary (`cluster.ts`): it
 * forks N workers that share the port and prints the listening line once all of them accept
 * connections. Each worker runs this same file and ends up in `runWorker`.
 */
async function main(): Promise<void> {
  const env = readDemoEnv(process.env);
  if (cluster.isWorker) {
    await runWorker(env);
    return;
  }
  const workers = readWorkerCount(process.env, env.redisUrl);
  if (workers > 1) {
    const logger = createConsoleLogger('info', '[demo primary]');
    process.exit(await runClusterPrimary({ workers, host: env.host, logger }));
  }
  await runSingleProcess(env);
}

async function runSingleProcess(env: IDemoEnv): Promise<void> {
  const logger = createConsoleLogger('info', '[demo]');
  const demo = await startDemo({ ...env, logger });
  console.log(`listening on ${demo.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without finishing the shutdown`);
      process.exit(1);
    }
    stopping = true;
    closeAndExit(demo, logger, signal, env);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * A cluster worker: the primary prints the listening line, forwards signals and forces the exit
 * when needed. A Ctrl-C reaches a worker twice (from the terminal and forwarded by the primary), so
 * here a second signal is not a reason to cut the shutdown short.
 */
async function runWorker(env: IDemoEnv): Promise<void> {
  const logger = createConsoleLogger('info', `[demo worker ${process.env[WORKER_SLOT_ENV] ?? '?'}]`);
  const demo = await startDemo({ ...env, logger });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    closeAndExit(demo, logger, signal, env);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function closeAndExit(demo: IDemo, logger: ILogger, signal: NodeJS.Signals, env: IDemoEnv): void {
  const restart = signal === 'SIGTERM' && env.redisUrl !== undefined;
  logger.info(`${signal}: closing connections${restart ? ' for a restart (1012)' : ''}`);
  const watchdog = setTimeout(() => {
    logger.error(`shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS} ms: exiting`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  watchdog.unref();
  demo.close({ restart }).then(
    () => process.exit(0),
    error => {
      logger.error('shutdown failed', error);
      process.exit(1);
    },
  );
}

main().catch(error => {
  console.error(`demo did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
