export function toArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep-merges plain objects into a new object; arrays, class instances and functions are taken as they are. */
export function deepMerge<T>(base: T, ...overrides: unknown[]): T {
  let result: unknown = base;
  for (const override of overrides) {
    if (override === undefined) continue;
    result = mergeTwo(result, override);
  }
  return result as T;
}

function mergeTwo(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    merged[key] = key in base ? mergeTwo(base[key], value) : value;
  }
  return merged;
}

export type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends RegExp
    ? T
    : T extends readonly unknown[]
      ? T
      : T extends object
        ? { [K in keyof T]?: DeepPartial<T[K]> }
        : T;
