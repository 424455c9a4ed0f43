/**
 * Milliseconds on the monotonic clock. process.hrtime reads CLOCK_MONOTONIC on Linux (and
 * mach_absolute_time on macOS), which is system-wide: readings of the server and of the generator
 * process can be subtracted from each other, which a broadcast measured from the first send (server)
 * to the last receipt (generator) needs.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** CPU time (user + system) of this process since `since`, in ms. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
