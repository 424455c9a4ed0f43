import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { runChaos } from '../../../scripts/lib/chaosRun.js';
import { buildDemo, removeBuild } from './demoProcess.js';
import { REDIS_URL } from './redisAdmin.js';

/**
 * The short chaos run of issue 15 (`npm run chaos` is the long one): three demo processes on the real Redis
 * behind a TCP balancer, 100 SDK clients on /feed, 300 events published to random processes, client sockets
 * cut at random, one process's connections cut at the balancer, and a rolling restart of every process
 * (SIGTERM → 1012 → a new process on the same port). Every client must get seq 1..300 exactly once, in order.
 */
let buildDir: string | undefined;

beforeAll(async () => {
  buildDir = await buildDemo('chaos');
}, 60_000);

afterAll(async () => {
  await removeBuild(buildDir);
});

test('every client receives every event exactly once, in order, through drops and a rolling restart', async () => {
  const report = await runChaos({
    demoMain: `${buildDir}/examples/demo/main.js`,
    redisUrl: REDIS_URL,
    prefix: `a-socket-test-chaos-${process.pid}-${randomUUID().slice(0, 8)}`,
    processes: 3,
    clients: 100,
    events: 300,
    eventIntervalMs: 25,
    drops: 30,
    backendDrops: 1,
    restartRounds: 1,
    settleTimeoutMs: 15_000,
    // For a post-mortem: every demo process's output in that directory.
    logDir: process.env.CHAOS_LOG_DIR || undefined,
  });
  expect(report.failures).toEqual([]);
  expect(report).toEqual(
    expect.objectContaining({ ok: true, clients: 100, clientsComplete: 100, lost: 0, duplicated: 0, reordered: 0 }),
  );
  expect(report.restarts).toBe(3);
  expect(report.drops).toBeGreaterThan(0);
  expect(report.backendDrops).toBe(1);
  // Restarted processes closed their clients with 1012, and those clients came back recovered.
  expect(report.closesByCode['1012']).toBeGreaterThan(0);
  expect(report.notRecovered).toBe(0);
  expect(report.recovered).toBeGreaterThan(0);
}, 120_000);
