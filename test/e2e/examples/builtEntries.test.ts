import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { performAction } from './demoHarness.js';
import { useSocketFixture } from '../../support/socketFixture.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * The compiled entries, run as a newcomer runs them: `npm start`'s dist/examples/demo/main.js and the
 * README's integrator sample dist/examples/readme/server.js. One build for both (tsc writing dist/
 * from two test files at once would race).
 */
describe('compiled entries', () => {
  const children: ChildProcess[] = [];
  const fixture = useSocketFixture();

  beforeAll(async () => {
    const build = spawn(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    let output = '';
    build.stdout.on('data', chunk => (output += chunk));
    build.stderr.on('data', chunk => (output += chunk));
    const [code] = (await once(build, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`tsc -p tsconfig.build.json exited with ${code}:\n${output}`);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  const connect = (url: string) => fixture.client(url);

  /** Starts `node <script>` with PORT; resolves once stdout holds `line` exactly. */
  async function run(script: string, port: number, line: string): Promise<IRunning> {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) };
    for (const name of ['REDIS_URL', 'REDIS_PREFIX', 'WORKERS', 'PASSPORT_SECRET', 'ALLOWED_ORIGINS']) delete env[name];
    const child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: 'pipe' });
    children.push(child);
    const running: IRunning = { child, stdout: '', stderr: '' };
    child.stderr.on('data', chunk => (running.stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${line}" within 10 s: ${JSON.stringify(running)}`)), 10_000);
      child.stdout.on('data', chunk => {
        running.stdout += chunk;
        if (running.stdout.split('\n').includes(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', code => reject(new Error(`${script} exited with ${code} first; stderr: ${running.stderr}`)));
    });
    return running;
  }

  test('npm start: listening line, /ws/ssrhmr hears a reload posted over HTTP, SIGTERM exits 0', async () => {
    const port = await freePort();
    const listeningLine = `listening on http://127.0.0.1:${port}`;
    const demo = await run('dist/examples/demo/main.js', port, listeningLine);

    const client = connect(`ws://127.0.0.1:${port}/ws/ssrhmr`);
    const id = await client.ready();
    expect(client.frames[0]).toBe(`_:["_a",{"id":"${id}"}]`);
    const response = await fetch(`http://127.0.0.1:${port}/api/ssrhmr/reload`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect((await client.nextEvent(event => event.name === 'reload')).data).toEqual({ at: expect.any(Number) });

    expect(await exitAfterSigterm(demo.child)).toEqual({ code: 0, signal: null });
    expect((await client.closed).code).toBe(1001);
    expect(demo.stdout.split('\n').filter(line => line.startsWith('listening on'))).toEqual([listeningLine]);
  });

  test('README integrator sample: passport code, socket call to the HTTP handler, typed broadcast, clean exit', async () => {
    const port = await freePort();
    const sample = await run('dist/examples/readme/server.js', port, `listening on http://localhost:${port}`);

    const refused = connect(`ws://127.0.0.1:${port}/ws/notes?x-vona-passport-code=wrong`);
    expect((await refused.closed).code).toBe(1008);
    const alice = connect(`ws://127.0.0.1:${port}/ws/notes?x-vona-passport-code=code-of-alice`);
    await alice.ready();
    expect(await performAction(alice, 'post', '/notes')).toMatchObject({ c: 0, d: { ok: true, user: 'alice' } });
    // The broadcast is written before the handler answers, so it is already there.
    expect(alice.events.find(event => event.name === 'notes:changed')?.data).toEqual({ id: '1', title: 'Hello' });

    // appClose leaves no handle open: the process ends by itself once the HTTP server is closed.
    expect(await exitAfterSigterm(sample.child)).toEqual({ code: 0, signal: null });
    expect((await alice.closed).code).toBe(1001);
  });

  test('the package loads by name from ESM and from require(), each subpath with its peer', async () => {
    const esm = await runNode([
      '--input-type=module',
      '-e',
      `const out = {};
      for (const entry of ['a-socket', 'a-socket/client', 'a-socket/http', 'a-socket/redis', 'a-socket/metrics'])
        out[entry] = Object.keys(await import(entry)).length;
      console.log(JSON.stringify(out));`,
    ]);
    expect(JSON.parse(esm)).toEqual({
      'a-socket': 23,
      'a-socket/client': 15,
      'a-socket/http': 3,
      'a-socket/redis': 3,
      'a-socket/metrics': 1,
    });
    const cjs = await runNode([
      '-e',
      `const { createApp } = require('a-socket');
      const { WebSocketClient } = require('a-socket/client');
      const { RedisBus } = require('a-socket/redis');
      console.log(JSON.stringify([typeof createApp, typeof WebSocketClient, typeof RedisBus]));`,
    ]);
    expect(JSON.parse(cjs)).toEqual(['function', 'function', 'function']);
  });

  test('without ioredis and prom-client installed, the main entry runs an app and the subpaths name the package to install', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'a-socket-no-peers-'));
    try {
      // Resolution of both peers fails, for import (a resolve hook) and for require (Module._resolveFilename),
      // as it does in a project that never installed them.
      const hook = path.join(dir, 'withoutPeers.mjs');
      writeFileSync(
        hook,
        `import Module, { register } from 'node:module';
        const PEERS = ['ioredis', 'prom-client'];
        const resolveFilename = Module._resolveFilename;
        Module._resolveFilename = function (request, ...rest) {
          if (PEERS.includes(request)) throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
          return resolveFilename.call(this, request, ...rest);
        };
        register('data:text/javascript,' + encodeURIComponent(
          'const PEERS = ' + JSON.stringify(PEERS) + ';' +
          'export async function resolve(specifier, context, next) {' +
          '  if (PEERS.includes(specifier)) throw Object.assign(new Error("Cannot find package " + specifier), { code: "ERR_MODULE_NOT_FOUND" });' +
          '  return next(specifier, context); }'));`,
      );
      const output = await runNode([
        '--import',
        hook,
        '--input-type=module',
        '-e',
        `const out = {};
        const { createApp } = await import('a-socket');
        const app = createApp();
        await app.appReady();
        await app.appClose();
        out.app = 'ran';
        for (const entry of ['a-socket/redis', 'a-socket/metrics']) {
          try { await import(entry); out[entry] = 'loaded'; }
          catch (error) { out[entry] = { name: error.name, code: error.code, message: error.message, cause: error.cause?.code }; }
        }
        console.log(JSON.stringify(out));`,
      ]);
      expect(JSON.parse(output)).toEqual({
        app: 'ran',
        'a-socket/redis': {
          name: 'ASocketError',
          code: 'PEER_MISSING',
          message: 'a-socket/redis needs the ioredis package: npm install ioredis',
          cause: 'MODULE_NOT_FOUND',
        },
        'a-socket/metrics': {
          name: 'ASocketError',
          code: 'PEER_MISSING',
          message: 'a-socket/metrics needs the prom-client package: npm install prom-client',
          cause: 'MODULE_NOT_FOUND',
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs `node <args>` in the repository (where `a-socket` resolves to this package's built entries); its stdout. */
async function runNode(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT });
  return stdout;
}

interface IRunning {
  child: ChildProcess;
  stdout: string;
  stderr: string;
}

async function exitAfterSigterm(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const [code, signal] = await Promise.race([
    exited,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('still running 5 s after SIGTERM')), 5000);
    }),
  ]).finally(() => clearTimeout(timer));
  return { code, signal };
}

/** A port nobody listens on right now: bind 0, read it, release it. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
