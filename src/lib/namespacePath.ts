/**
 * The namespace of an upgrade path under `globalPrefix`: `/ws` → `/`, `/ws/ssrhmr` → `/ssrhmr`,
 * `/ws/a/b/` → `/a/b`. A path outside the prefix (`/other`, `/wsx`) → undefined: not ours.
 */
export function namespaceOfPath(pathname: string, globalPrefix: string): string | undefined {
  const prefix = globalPrefix.endsWith('/') ? globalPrefix.slice(0, -1) : globalPrefix;
  if (!pathname.startsWith(prefix)) return undefined;
  const rest = pathname.slice(prefix.length);
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  const trimmed = rest.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}
