import { inspect } from 'node:util';
import type { ILogger, LogLevel } from '../../src/index.js';

export interface ICapturedLine {
  level: Exclude<LogLevel, 'silent'>;
  message: string;
  /** The message and every detail (errors with their stacks) as one text, as a log sink would write it. */
  text: string;
}

/** A logger that keeps every line at every level, details included, for tests that read the log. */
export function captureLogger(): ILogger & { lines: ICapturedLine[]; all(): string } {
  const lines: ICapturedLine[] = [];
  const at =
    (level: ICapturedLine['level']) =>
    (message: string, ...details: unknown[]) => {
      const text = [message, ...details.map(detail => inspect(detail, { depth: 5 }))].join(' ');
      lines.push({ level, message, text });
    };
  return {
    lines,
    all: () => lines.map(line => line.text).join('\n'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
