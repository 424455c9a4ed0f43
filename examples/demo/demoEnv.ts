/** The demo's settings as `main.ts` reads them from the environment. */
export interface IDemoEnv {
  host: string;
  port: number;
  /** Browser origins allowed to open sockets besides the server's own. */
  allowedOrigins: string[];
  redisUrl?: string;
  /** Secret of the identity tokens; a random one per process when absent. */
  secret?: string;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7102;

/**
 * Reads HOST, PORT, ALLOWED_ORIGINS (comma-separated), REDIS_URL and PASSPORT_SECRET. Throws an error
 * naming the variable and its value when one cannot be used.
 */
export function readDemoEnv(env: NodeJS.ProcessEnv): IDemoEnv {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  const port = parsePort(env.PORT);
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map(origin => origin.trim().replace(/\/+$/, ''))
    .filter(origin => origin !== '');
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  const secret = env.PASSPORT_SECRET || undefined;
  return { host, port, allowedOrigins, redisUrl, secret };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}
