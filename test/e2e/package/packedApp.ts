import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectSuccess, runProcess } from './runProcess.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The repository's own compiler: the temporary app compiles with it instead of installing one. */
export const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * What a user of the package installs beside it (the versions of the repository's lockfile, so that
 * `--prefer-offline` finds them in the npm cache `npm ci` warmed). ioredis and prom-client are named too, so
 * `a-socket/redis` and `a-socket/metrics` load whether the package lists them as dependencies or optional peers.
 */
const APP_PACKAGES = ['ws', 'express', 'zod', 'ioredis', 'prom-client', '@types/ws', '@types/express', '@types/node'];

export interface IPackedApp {
  /** The temporary folder: the staged package, the tarball and the app. Removed by `removePackedApp`. */
  root: string;
  tarball: string;
  /** The app that installed the tarball: `type: module`, its node_modules hold a-socket from the tarball. */
  app: string;
}

/**
 * Builds the package into a staging folder (not the repository's dist/: other tests build and run that at the
 * same time), packs it with `npm pack` and installs the tarball into a fresh app, as a user's
 * `npm install a-socket ws` would. Everything lives under one temporary folder.
 */
export async function createPackedApp(): Promise<IPackedApp> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'a-socket-packed-'));
  const stage = path.join(root, 'package');
  mkdirSync(stage);
  // The build's compiler options (tsconfig.build.json) for src/ only: what the tarball ships (dist/src).
  const buildConfig = path.join(root, 'tsconfig.build.json');
  writeFileSync(
    buildConfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { outDir: path.join(stage, 'dist'), typeRoots: [path.join(ROOT, 'node_modules/@types')] },
      include: [path.join(ROOT, 'src')],
    }),
  );
  expectSuccess(
    'tsc (the build, src/ only)',
    await runProcess(process.execPath, [TSC, '-p', buildConfig], { cwd: ROOT }),
  );
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files?: string[] };
  // npm packs package.json, README and LICENSE always, and the `files` list: copy those that are not built.
  const sources = ['package.json', 'README.md', 'LICENSE', ...(manifest.files ?? [])].filter(
    entry => !entry.startsWith('dist') && existsSync(path.join(ROOT, entry)),
  );
  for (const entry of sources) cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
  // --ignore-scripts: the package is built above; a prepack script would build again from a folder with no sources.
  const packed = expectSuccess(
    'npm pack',
    await runProcess(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', root], { cwd: stage }),
  );
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const tarball = path.join(root, filename);

  const app = path.join(root, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, type: 'module' }));
  expectSuccess(
    'npm install',
    await runProcess(
      NPM,
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        tarball,
        ...APP_PACKAGES.map(name => `${name}@${lockedVersion(name)}`),
      ],
      { cwd: app, killAfterMs: 120_000 },
    ),
  );
  return { root, tarball, app };
}

export function removePackedApp(packed: IPackedApp | undefined): void {
  if (packed && !process.env.KEEP_PACKED_APP) rmSync(packed.root, { recursive: true, force: true });
}

/** Writes files (paths relative to `dir`), creating their folders. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** The version the repository's lockfile installed for a package. */
function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json has no node_modules/${name}: add it to devDependencies or drop it`);
  return version;
}
