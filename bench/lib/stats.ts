/** Median of a non-empty list (the middle value, or the mean of the two middle ones). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of samples that are already sorted ascending. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Collects many latency samples without allocating per sample. */
export class SampleBuffer {
  private samples = new Float64Array(1024);
  private size = 0;

  add(value: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = value;
  }

  get count(): number {
    return this.size;
  }

  clear(): void {
    this.size = 0;
  }

  percentiles(): { p50: number; p99: number } {
    const sorted = this.samples.slice(0, this.size).sort();
    return { p50: percentileSorted(sorted, 50), p99: percentileSorted(sorted, 99) };
  }
}
