/**
 * The one way the tests get a browser: headless Chromium through playwright-core, from
 * - `CHROMIUM_PATH` when it is set (a browser of one's own; a path that is not there is an error, not a fallback);
 * - else the Chromium shipped inside the devDependency `@sparticuz/chromium`, so `npm ci` alone brings a browser:
 *   no root, no apt-get, no download at run time.
 *
 * `@sparticuz/chromium` ships the binary brotli-compressed (`bin/chromium.br`); its own `executablePath()`
 * inflates it to `os.tmpdir()/chromium` and reuses any file of that name, whole or not. Two jest workers (or two
 * checkouts on one machine) starting together would then launch a half-written file (ETXTBSY), a killed run would
 * leave a truncated binary that every later run trusts, and a checkout pinned to another version would run the
 * wrong one. So the binary is inflated here instead, into node_modules/.cache/ under the package's version, to a
 * file of this process's own that is renamed into place once complete: a rename is atomic, the final path is never
 * open for writing, and racing workers at worst inflate twice (a few seconds). `npm ci` empties the cache with
 * node_modules. The package's fonts and SwiftShader archives are not needed: the tests read the DOM, not pixels,
 * and the GPU is off.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser came from. */
export type BrowserSource = 'CHROMIUM_PATH' | '@sparticuz/chromium';

export interface ILaunchedBrowser {
  browser: Browser;
  source: BrowserSource;
  executablePath: string;
  /** The browser's own version, e.g. `147.0.7727.0`. */
  version: string;
}

/**
 * Flags for this kind of machine: tests run as root in a container without user namespaces (so no sandbox) and
 * without a GPU; nothing in the browser may reach the network on its own. Playwright adds most of these by itself;
 * they are said here so the launch does not depend on its defaults. `@sparticuz/chromium`'s own `args` are for
 * AWS Lambda and are left out on purpose: `--single-process` makes Chromium unstable with several pages,
 * `--disable-web-security` would hide the very origin checks the tests exercise.
 */
export const BROWSER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SPARTICUZ = '@sparticuz/chromium';

/** Launches headless Chromium; fails (never skips) when no browser can be had, saying how to provide one. */
export async function launchBrowser(): Promise<ILaunchedBrowser> {
  const { source, executablePath } = await resolveExecutable();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, args: [...BROWSER_ARGS] });
  } catch (error) {
    throw new Error(
      `could not launch Chromium from ${source} at ${executablePath}; set CHROMIUM_PATH to a working Chromium ` +
        'or Chrome binary to use that one instead',
      { cause: error },
    );
  }
  return { browser, source, executablePath, version: browser.version() };
}

async function resolveExecutable(): Promise<{ source: BrowserSource; executablePath: string }> {
  const own = process.env.CHROMIUM_PATH;
  if (own) {
    if (!existsSync(own)) throw new Error(`CHROMIUM_PATH is ${own}, which does not exist: fix it or unset it`);
    return { source: 'CHROMIUM_PATH', executablePath: own };
  }
  return { source: SPARTICUZ, executablePath: await inflatePackagedChromium() };
}

/** The packaged binary, inflated once per package version; see the file's comment for why not `executablePath()`. */
async function inflatePackagedChromium(): Promise<string> {
  const packageDir = locatePackage();
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // packageDir is <node_modules>/@sparticuz/chromium.
  const cacheDir = path.resolve(packageDir, '..', '..', '.cache', 'a-socket', `chromium-${version}`);
  const executable = path.join(cacheDir, 'chromium');
  if (existsSync(executable)) return executable;

  await mkdir(cacheDir, { recursive: true });
  const partial = `${executable}.${process.pid}.${Date.now()}.partial`;
  try {
    await pipeline(
      createReadStream(path.join(packageDir, 'bin', 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    await rename(partial, executable);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`could not inflate the Chromium of ${SPARTICUZ}@${version} into ${cacheDir}`, { cause: error });
  }
  return executable;
}

function locatePackage(): string {
  try {
    // The package's exports hide package.json; its CommonJS entry sits two folders below the package root.
    const entry = createRequire(import.meta.url).resolve(SPARTICUZ);
    return path.resolve(path.dirname(entry), '..', '..');
  } catch (error) {
    throw new Error(
      `${SPARTICUZ} is not installed: run \`npm ci\` (it is a devDependency), or set CHROMIUM_PATH to a Chromium binary`,
      { cause: error },
    );
  }
}
