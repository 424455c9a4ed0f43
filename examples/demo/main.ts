import { createConsoleLogger } from '../../src/index.js';
import { startDemo } from './createDemo.js';
import { readDemoEnv } from './demoEnv.js';

/** How long a shutdown may take before the process gives up and exits with 1. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * `npm start`: the demo on HOST:PORT (default 127.0.0.1:7102). Prints `listening on http://HOST:PORT`
 * once HTTP and WebSocket connections are accepted; SIGINT/SIGTERM close every socket, then the server,
 * and exit 0. A second signal exits at once.
 */
async function main(): Promise<void> {
  const logger = createConsoleLogger('info', '[demo]');
  const env = readDemoEnv(process.env);
  const demo = await startDemo({ ...env, logger });
  console.log(`listening on ${demo.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without finishing the shutdown`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: closing connections`);
    const watchdog = setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS} ms: exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    watchdog.unref();
    demo.close().then(
      () => process.exit(0),
      error => {
        logger.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`demo did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
