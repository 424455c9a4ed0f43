/**
 * True when `value` nests arrays and objects deeper than `maxDepth` levels (`1` and `"x"` are depth 0,
 * `[1]` and `{"a":1}` depth 1). Iterative, and it stops at the first branch over the limit: a client's
 * 100,000-level array cannot overflow the stack here, nor cost more than its size.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
