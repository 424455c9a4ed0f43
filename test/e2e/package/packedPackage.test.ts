import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { build } from 'esbuild';
import { WebSocket } from 'ws';
import { namedSampleFiles, printedBy } from './docSamples.js';
import { createPackedApp, removePackedApp, ROOT, TSC, writeFiles, type IPackedApp } from './packedApp.js';
import {
  expectSuccess,
  freePort,
  runProcess,
  startProcess,
  stopProcess,
  userEnv,
  type IProcessResult,
} from './runProcess.js';
import { CJS_SMOKE, ENTRY_CHECK, ESM_SMOKE, TS_SMOKE, TS_SMOKE_CONFIG } from './smokeSources.js';

/**
 * The package as its users get it: `npm pack`ed, installed into a fresh app, and used from an ES module, from
 * CommonJS through require(), from TypeScript in both module modes, and as docs/getting-started.md tells. One
 * build, one tarball and one install for the whole file.
 */
describe('the packed tarball, installed into a fresh app', () => {
  let packed: IPackedApp;
  const markdown = readFileSync(path.join(ROOT, 'docs/getting-started.md'), 'utf8');
  const files = namedSampleFiles(markdown);
  const project = () => path.join(packed.app, 'getting-started');

  beforeAll(async () => {
    packed = await createPackedApp();
    writeFiles(project(), files);
    writeFiles(packed.app, {
      'smoke/esm.mjs': ESM_SMOKE,
      'smoke/cjs.cjs': CJS_SMOKE,
      'smoke/entries.cjs': ENTRY_CHECK,
      'ts/tsconfig.json': JSON.stringify(TS_SMOKE_CONFIG, null, 2),
      'ts/esm/smoke.ts': TS_SMOKE,
      'ts/cjs/package.json': JSON.stringify({ type: 'commonjs' }),
      'ts/cjs/smoke.ts': TS_SMOKE,
    });
    // Both TypeScript projects at once (tsc is single-threaded): the smoke program, and the page's files.
    const [smoke, page] = await Promise.all([
      runProcess(process.execPath, [TSC, '-p', 'ts/tsconfig.json'], { cwd: packed.app }),
      runProcess(process.execPath, [TSC], { cwd: project() }),
    ]);
    expectSuccess('tsc -p ts/tsconfig.json', smoke);
    expectSuccess('tsc in getting-started (its tsconfig.json from the page)', page);
  }, 180_000);

  afterAll(() => removePackedApp(packed));

  async function runNode(file: string, ...args: string[]): Promise<IProcessResult> {
    return expectSuccess(`node ${file}`, await runProcess(process.execPath, [file, ...args], { cwd: packed.app }));
  }

  function smokeLine(format: string) {
    return { format, ready: true, action: { path: '/api/ping', via: 'socket' }, event: { format } };
  }

  /**
   * require() of an ES module is what makes CommonJS work; Node 20 has it unflagged from 20.19 (22 from 22.12).
   * Asked of the node that runs the programs (jest's own process object does not tell): without it, say so
   * instead of failing with ERR_REQUIRE_ESM further down.
   */
  async function expectRequireEsm(): Promise<void> {
    const { stdout } = await runNode('-p', 'process.features.require_module');
    if (stdout.trim() !== 'true') {
      throw new Error(
        `Node ${process.version} cannot require() ES modules (process.features.require_module is ${stdout.trim()}): ` +
          'require("a-socket") needs Node >= 20.19 or >= 22.12; run the tests on such a Node',
      );
    }
  }

  test('every exports entry has types, import and default conditions, and its files are in the tarball', async () => {
    const manifest = JSON.parse(readFileSync(path.join(packed.app, 'node_modules/a-socket/package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
    };
    const entries = Object.entries(manifest.exports).filter(([subpath]) => subpath !== './package.json');
    expect(entries.map(([subpath]) => subpath)).toEqual(expect.arrayContaining(['.', './client', './http']));
    for (const [subpath, conditions] of entries) {
      expect({ subpath, conditions: Object.keys(conditions) }).toEqual({
        subpath,
        conditions: expect.arrayContaining(['types', 'import', 'default']),
      });
      const missing = Object.values(conditions).filter(
        target => !existsSync(path.join(packed.app, 'node_modules/a-socket', target)),
      );
      expect({ subpath, missing }).toEqual({ subpath, missing: [] });
    }

    await expectRequireEsm();
    const specifiers = entries.map(([subpath]) => `a-socket${subpath.slice(1)}`);
    const { stdout } = await runNode('smoke/entries.cjs', ...specifiers);
    expect(JSON.parse(stdout)).toEqual(
      Object.fromEntries(specifiers.map(specifier => [specifier, { same: true, exports: true }])),
    );
  });

  test('an ES module imports a-socket, a-socket/client and a-socket/http: app, client, RPC, broadcast', async () => {
    const { stdout, stderr } = await runNode('smoke/esm.mjs');
    expect(JSON.parse(stdout)).toEqual(smokeLine('esm'));
    expect(stderr).toBe('');
  });

  test('a CommonJS module require()s the same entries (require(esm), Node >= 20.19)', async () => {
    await expectRequireEsm();
    const { stdout, stderr } = await runNode('smoke/cjs.cjs');
    expect(JSON.parse(stdout)).toEqual(smokeLine('cjs'));
    // Some Node releases print an ExperimentalWarning for require(esm) (20.20 prints none); nothing else may.
    expect(
      stderr.split('\n').filter(line => line !== '' && !/ExperimentalWarning|--trace-warnings/.test(line)),
    ).toEqual([]);
  });

  describe('TypeScript with module nodenext (decorators, an augmented namespace record, import type)', () => {
    test('in a "type": "module" project it compiles to an ES module that runs', async () => {
      const output = readFileSync(path.join(packed.app, 'ts/esm/smoke.js'), 'utf8');
      expect(output).toMatch(/^import .* from 'a-socket';$/m);
      const { stdout } = await runNode('ts/esm/smoke.js', 'ts-esm');
      expect(JSON.parse(stdout)).toEqual(smokeLine('ts-esm'));
    });

    test('in a CommonJS project it compiles to require() calls that run', async () => {
      const output = readFileSync(path.join(packed.app, 'ts/cjs/smoke.js'), 'utf8');
      expect(output).toContain('require("a-socket")');
      expect(output).not.toMatch(/^import /m);
      const { stdout } = await runNode('ts/cjs/smoke.js', 'ts-cjs');
      expect(JSON.parse(stdout)).toEqual(smokeLine('ts-cjs'));
    });
  });

  describe('docs/getting-started.md, its files written into the app, compiled and run', () => {
    test('the page names its project: tsconfig.json and the sources it builds', () => {
      expect(Object.keys(files).sort()).toEqual([
        'src/browser.ts',
        'src/chat.ts',
        'src/client.ts',
        'src/nickname.ts',
        'src/server.ts',
        'tsconfig.json',
      ]);
    });

    test('server and client print what the page shows: onion, performAction, @SocketEvent with zod, broadcast', async () => {
      const port = await freePort();
      const env = { ...userEnv(), PORT: String(port) };
      const server = await startProcess(process.execPath, ['dist/server.js'], {
        cwd: project(),
        env,
        line: `listening on http://localhost:${port}`,
      });
      try {
        const client = expectSuccess(
          'node dist/client.js',
          await runProcess(process.execPath, ['dist/client.js'], { cwd: project(), env }),
        );
        expect(client.stdout.trimEnd().split('\n')).toEqual(printedBy(markdown, 'node dist/client.js'));

        // "A client without ?name= is closed with 4001"; "curl .../api/whoami answers {"via":"http"}".
        const nameless = new WebSocket(`ws://127.0.0.1:${port}/ws/chat`);
        const [closeCode] = (await once(nameless, 'close')) as [number];
        expect(closeCode).toBe(4001);
        const response = await fetch(`http://127.0.0.1:${port}/api/whoami`);
        expect(await response.text()).toBe('{"via":"http"}');
      } finally {
        // SIGTERM: appClose, then the HTTP server closes and the process ends by itself.
        expect(await stopProcess(server)).toEqual({ code: 0, signal: null });
      }
      expect(server.stdout.trimEnd().split('\n')).toEqual([
        `listening on http://localhost:${port}`,
        'alice joined /chat',
        'alice left',
      ]);
      expect(server.stderr).toBe('');
    });

    test("the browser file bundles with the page's esbuild options, with nothing of the server", async () => {
      expect(markdown).toContain(
        'npx esbuild src/browser.ts --bundle --format=esm --platform=browser --outfile=public/chat.js',
      );
      const result = await build({
        absWorkingDir: project(),
        entryPoints: ['src/browser.ts'],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      // What the bundle took from the installed package: the client SDK and the wire protocol it shares, no more.
      const taken = Object.keys(result.metafile.inputs)
        .filter(input => input.includes('node_modules/a-socket/'))
        .map(input => input.replace(/^.*node_modules\/a-socket\/dist\/src\//, ''));
      expect(taken).toContain('client/webSocketClient.js');
      expect(taken.filter(input => !/^(client|protocol)\//.test(input))).toEqual([]);
      expect(result.outputFiles[0].text).not.toMatch(/node:|require\(/);
    });
  });
});
