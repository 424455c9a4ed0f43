import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createPackedApp, removePackedApp, TSC, writeFiles, type IPackedApp } from './packedApp.js';
import { expectSuccess, runProcess, type IProcessResult } from './runProcess.js';
import { CJS_SMOKE, ESM_SMOKE, TS_SMOKE, TS_SMOKE_CONFIG } from './smokeSources.js';

/**
 * The package as its users get it: `npm pack`ed, installed into a fresh app, and used from an ES module, from
 * CommonJS through require(), and from TypeScript in both module modes. One build, one tarball and one install
 * for the whole file.
 */
describe('the packed tarball, installed into a fresh app', () => {
  let packed: IPackedApp;

  beforeAll(async () => {
    packed = await createPackedApp();
    writeFiles(packed.app, {
      'smoke/esm.mjs': ESM_SMOKE,
      'smoke/cjs.cjs': CJS_SMOKE,
      'ts/tsconfig.json': JSON.stringify(TS_SMOKE_CONFIG, null, 2),
      'ts/esm/smoke.ts': TS_SMOKE,
      'ts/cjs/package.json': JSON.stringify({ type: 'commonjs' }),
      'ts/cjs/smoke.ts': TS_SMOKE,
    });
  }, 180_000);

  afterAll(() => removePackedApp(packed));

  async function runNode(file: string, ...args: string[]): Promise<IProcessResult> {
    return expectSuccess(`node ${file}`, await runProcess(process.execPath, [file, ...args], { cwd: packed.app }));
  }

  function smokeLine(format: string) {
    return { format, ready: true, action: { path: '/api/ping', via: 'socket' }, event: { format } };
  }

  test('an ES module imports a-socket, a-socket/client and a-socket/http: app, client, RPC, broadcast', async () => {
    const { stdout, stderr } = await runNode('smoke/esm.mjs');
    expect(JSON.parse(stdout)).toEqual(smokeLine('esm'));
    expect(stderr).toBe('');
  });

  test('a CommonJS module require()s the same entries (require(esm), Node >= 20.19)', async () => {
    // require() of an ES module is what makes this work; Node 20 has it unflagged from 20.19 (22 from 22.12).
    // Asked of the node that runs the programs (jest's own process object does not tell): without it, say so
    // instead of failing with ERR_REQUIRE_ESM further down.
    const { stdout: requireModule } = await runNode('-p', 'process.features.require_module');
    if (requireModule.trim() !== 'true') {
      throw new Error(
        `Node ${process.version} cannot require() ES modules (process.features.require_module is ${requireModule.trim()}): ` +
          'require("a-socket") needs Node >= 20.19 or >= 22.12; run the tests on such a Node',
      );
    }
    const { stdout, stderr } = await runNode('smoke/cjs.cjs');
    expect(JSON.parse(stdout)).toEqual(smokeLine('cjs'));
    // Node 20 may print an ExperimentalWarning for require(esm); nothing else may reach stderr.
    expect(
      stderr.split('\n').filter(line => line !== '' && !/ExperimentalWarning|--trace-warnings/.test(line)),
    ).toEqual([]);
  });

  describe('TypeScript with module nodenext (decorators, an augmented namespace record, import type)', () => {
    beforeAll(async () => {
      expectSuccess(
        'tsc -p ts/tsconfig.json',
        await runProcess(process.execPath, [TSC, '-p', 'ts/tsconfig.json'], { cwd: packed.app }),
      );
    }, 60_000);

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
});
