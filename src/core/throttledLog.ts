import { type ILogger } from './logger.js';

type ThrottledLevel = 'info' | 'warn' | 'error';

/**
 * Logs at most one line per topic and interval. A Redis outage or a flood of foreign messages
 * happens once per publication; the log must show that it happens and how often, not drown.
 */
export class ThrottledLog {
  private readonly topics = new Map<string, { lastAt: number; suppressed: number }>();

  constructor(
    private readonly logger: ILogger,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  info(topic: string, message: string, ...details: unknown[]): void {
    this.log('info', topic, message, details);
  }

  warn(topic: string, message: string, ...details: unknown[]): void {
    this.log('warn', topic, message, details);
  }

  error(topic: string, message: string, ...details: unknown[]): void {
    this.log('error', topic, message, details);
  }

  private log(level: ThrottledLevel, topic: string, message: string, details: unknown[]): void {
    const now = this.now();
    const state = this.topics.get(topic);
    if (state && now - state.lastAt < this.intervalMs) {
      state.suppressed++;
      return;
    }
    const suppressed = state?.suppressed ?? 0;
    const suffix = suppressed > 0 ? ` (${suppressed} more like this since the last line)` : '';
    this.topics.set(topic, { lastAt: now, suppressed: 0 });
    this.logger[level](`${message}${suffix}`, ...details);
  }
}
