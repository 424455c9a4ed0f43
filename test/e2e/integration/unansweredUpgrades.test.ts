import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rawUpgrade, upgradeRequest, type IRawUpgradeAnswer } from '../../support/rawUpgrade.js';
import { TestClient } from '../../support/wsClient.js';
import { buildDemo, killDemoProcesses, removeBuild, startDemoProcess, type IDemoProcess } from './demoProcess.js';

/** The demo's descriptor limit; the flood below sends more upgrades than that, every client keeping its socket. */
const MAX_OPEN_FILES = 256;
const UPGRADES = 600;
const WAVE = 100;
/** Upgrades whose client resets the connection at once (an unanswered socket without an error listener killed the process). */
const RESETS = 20;
const UNANSWERED_PATHS = ['/other', '/wsx', '/ws/%2e%2e'];

let buildDir: string | undefined;
let demo: IDemoProcess;

beforeAll(async () => {
  buildDir = await buildDemo('upgrades');
  demo = await startDemoProcess(buildDir, {}, { maxOpenFiles: MAX_OPEN_FILES });
}, 120_000);

afterAll(async () => {
  await killDemoProcesses();
  await removeBuild(buildDir);
});

/** Rejects naming what was still waiting after `ms`: an unanswered upgrade never resolves on its own. */
function failAfter(ms: number, what: () => string): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} after ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

test(`a server under ulimit -n ${MAX_OPEN_FILES} answers ${UPGRADES} upgrades to /other, /wsx and /ws/%2e%2e with 400 and closes each, then still serves HTTP and WebSockets`, async () => {
  const limits = await readFile(`/proc/${demo.child.pid}/limits`, 'utf8');
  expect(limits).toMatch(new RegExp(`^Max open files\\s+${MAX_OPEN_FILES}\\s`, 'm'));

  // Every client socket stays open (half-open) until the end: the server gets through only by closing its side.
  const answers: IRawUpgradeAnswer[] = [];
  try {
    for (let sent = 0; sent < UPGRADES; sent += WAVE) {
      const wave = Array.from({ length: WAVE }, (_, i) =>
        rawUpgrade(demo.port, UNANSWERED_PATHS[(sent + i) % UNANSWERED_PATHS.length]).then(answer => {
          answers.push(answer);
          return answer;
        }),
      );
      const deadline = failAfter(15_000, () => `${answers.length - sent} of wave ${sent / WAVE + 1} answered`);
      const waveAnswers = await Promise.race([Promise.all(wave), deadline.promise]).finally(deadline.cancel);
      expect(waveAnswers.map(answer => answer.status)).toEqual(new Array(WAVE).fill(400));
    }
    await Promise.all(
      Array.from(
        { length: RESETS },
        (_, i) =>
          new Promise<void>(resolve => {
            const socket = net.connect(demo.port, '127.0.0.1', () => {
              socket.write(upgradeRequest(UNANSWERED_PATHS[i % UNANSWERED_PATHS.length]));
              socket.resetAndDestroy();
            });
            socket.on('error', () => undefined);
            socket.on('close', () => resolve());
          }),
      ),
    );
  } finally {
    for (const answer of answers) answer.socket.destroy();
  }

  const echo = await fetch(`${demo.url}/api/echo?after=flood`);
  expect(echo.status).toBe(200);
  expect(await echo.json()).toEqual({ after: 'flood' });
  const client = new TestClient(demo.wsUrl());
  try {
    expect(await client.ready()).toMatch(/^[0-9a-f-]{36}$/);
  } finally {
    await client.close();
  }
  expect(demo.child.exitCode).toBeNull();
}, 120_000);
