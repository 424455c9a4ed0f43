import { createRequire } from 'node:module';
import { ASocketError } from './error.js';

// A plain `import` of an optional peer fails while Node links the module graph, before any code of ours runs,
// with an ERR_MODULE_NOT_FOUND that names neither the entry nor the fix. Loading it with require() (ioredis and
// prom-client are CommonJS) moves the failure into our code, where it can say what to install.
const requirePeer = createRequire(import.meta.url);

/**
 * Loads the optional peer `packageName` that the entry `entry` (`a-socket/redis`...) needs; throws an
 * ASocketError `PEER_MISSING` naming the package to install when it is not installed, with the loader's error
 * as `cause`. Other load failures (a broken install) are rethrown as they are.
 */
export function requireOptionalPeer<T>(packageName: string, entry: string): T {
  try {
    return requirePeer(packageName) as T;
  } catch (error) {
    if (!isNotFound(error, packageName)) throw error;
    throw new ASocketError('PEER_MISSING', `${entry} needs the ${packageName} package: npm install ${packageName}`, {
      cause: error,
    });
  }
}

/** Not found is the package itself, not something it requires. Duck-typed: a loader's error may come from another realm. */
function isNotFound(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${packageName}'`);
}
