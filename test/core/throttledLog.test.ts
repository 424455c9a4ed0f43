import { describe, expect, it } from '@jest/globals';
import { ThrottledLog } from '../../src/core/throttledLog.js';
import { type ILogger } from '../../src/types/plugins.js';

function recordingLogger(): ILogger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('ThrottledLog', () => {
  it('writes one line per topic and interval, then says how many it held back', () => {
    const logger = recordingLogger();
    let now = 1_000;
    const log = new ThrottledLog(logger, 10_000, () => now);

    for (let index = 0; index < 5; index++) log.warn('outage', `publication ${index} buffered`);
    now += 10_000;
    log.warn('outage', 'publication 5 buffered');

    expect(logger.lines).toEqual([
      'warn: publication 0 buffered',
      'warn: publication 5 buffered (4 more like this since the last line)',
    ]);
  });

  it('throttles each topic on its own', () => {
    const logger = recordingLogger();
    const log = new ThrottledLog(logger, 10_000, () => 0);

    log.warn('invalid', 'bad message');
    log.error('handler', 'handler threw');
    log.warn('invalid', 'bad message again');

    expect(logger.lines).toEqual(['warn: bad message', 'error: handler threw']);
  });
});
