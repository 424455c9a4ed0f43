import { createConsoleLogger } from '../../src/index.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Level[] = ['debug', 'info', 'warn', 'error'];

/** Captures what the logger writes to console.<level> while `fn` runs. */
function captured(fn: () => void): Array<[Level, unknown[]]> {
  const seen: Array<[Level, unknown[]]> = [];
  const originals = LEVELS.map(level => [level, console[level]] as const);
  for (const level of LEVELS) console[level] = (...args: unknown[]) => seen.push([level, args]);
  try {
    fn();
  } finally {
    for (const [level, original] of originals) console[level] = original;
  }
  return seen;
}

describe('createConsoleLogger', () => {
  test('writes messages at or above its level to the console method of that level, with the prefix', () => {
    const logger = createConsoleLogger('warn');
    const detail = { id: 1 };
    const seen = captured(() => {
      logger.debug('d');
      logger.info('i');
      logger.warn('w', detail);
      logger.error('e');
    });
    expect(seen).toEqual([
      ['warn', ['[a-socket] w', detail]],
      ['error', ['[a-socket] e']],
    ]);
  });

  test('debug writes everything, silent nothing', () => {
    const all = createConsoleLogger('debug', '[x]');
    expect(captured(() => LEVELS.forEach(level => all[level](level))).map(([level]) => level)).toEqual(LEVELS);
    const silent = createConsoleLogger('silent');
    expect(captured(() => LEVELS.forEach(level => silent[level](level)))).toEqual([]);
  });

  test('logs at info by default', () => {
    const logger = createConsoleLogger();
    expect(captured(() => LEVELS.forEach(level => logger[level](level))).map(([level]) => level)).toEqual([
      'info',
      'warn',
      'error',
    ]);
  });
});
