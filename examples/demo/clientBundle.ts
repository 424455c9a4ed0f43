import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page (homePage.ts) loads its script from. */
export const CHAT_SCRIPT_PATH = '/chat.js';

/** The script's entry, relative to the repository root. */
const CHAT_SCRIPT_ENTRY = join('examples', 'demo', 'public', 'chat.ts');

/**
 * The entry file, found by walking up from this module: it runs from `examples/demo/` under ts-jest and from
 * `dist/examples/demo/` after `npm run build`, and the TypeScript source stays in the repository either way.
 */
export function findChatScriptEntry(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, CHAT_SCRIPT_ENTRY);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(
        `the chat page script ${CHAT_SCRIPT_ENTRY} is not in ${from} or any folder above it: run the demo from a clone of the repository`,
      );
    }
  }
}

let bundled: Promise<string> | undefined;

/**
 * The chat page's script bundled for the browser (ES module, the client SDK included), built on first use
 * and kept for the life of the process. A failed build is not kept, so the next request tries again.
 */
export function chatScriptBundle(): Promise<string> {
  bundled ??= bundleChatScript().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function bundleChatScript(): Promise<string> {
  const entry = findChatScriptEntry();
  // Imported here, not at the top: esbuild is a devDependency, and only this page needs it.
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new Error(
      'the chat page script is bundled with esbuild, a devDependency: install with `npm ci` (without --omit=dev)',
      { cause: error },
    );
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
