export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface ILogger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A console logger that drops messages below `level`. */
export function createConsoleLogger(level: LogLevel = 'info', prefix = '[a-socket]'): ILogger {
  const rank = LEVEL_RANK[level];
  const at =
    (messageLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, ...details: unknown[]) => {
      if (LEVEL_RANK[messageLevel] < rank) return;
      console[messageLevel](`${prefix} ${message}`, ...details);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
