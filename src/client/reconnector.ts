import type { ReconnectSchedule } from './clientOptions.js';
import { restartDelayCap, SERVICE_RESTART_CLOSE } from './restartHint.js';
import { fullJitter, reconnectDelayCap, type CloseInfo, type ReconnectOptions } from './reconnectPolicy.js';

/**
 * The backoff state of one client: consecutive attempts since the last sysReady and the one pending timer.
 * It decides and schedules; the client does the reconnecting.
 */
export class Reconnector {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: Readonly<ReconnectOptions>,
    private readonly random: () => number,
  ) {}

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Whether this close deserves another attempt; throws what a user's `shouldReconnect` throws. */
  wants(close: CloseInfo): boolean {
    if (!this.options.enabled || this.attempt >= this.options.maxAttempts) return false;
    return this.options.shouldReconnect(close);
  }

  /**
   * Starts the timer of the next attempt and tells when it fires. After a 1012 (service restart) the cap is the
   * server's retry hint instead of the backoff's (see `restartDelayCap`); the delay is a uniform draw under it.
   */
  schedule(reconnect: () => void, close?: CloseInfo): ReconnectSchedule {
    const cap =
      close?.code === SERVICE_RESTART_CLOSE
        ? restartDelayCap(close.reason, this.options)
        : reconnectDelayCap(this.attempt, this.options);
    const delay = fullJitter(cap, this.random);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      reconnect();
    }, delay);
    return { attempt: this.attempt, delay, cap };
  }

  /** A connection reached sysReady (or the user called connect()): the next drop starts from the first delay. */
  reset(): void {
    this.attempt = 0;
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
