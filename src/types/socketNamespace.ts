export interface ISocketNamespaceOptions {
  /** `/` for the root, `/name` (or `/a/b`) for a nested namespace. */
  namespace: string;
}

/**
 * Declared namespaces and the events each one sends. Module authors add theirs:
 * `declare module 'a-socket' { interface ISocketNamespaceRecord { '/ssrhmr': { reload: undefined } } }`.
 */
export interface ISocketNamespaceRecord {
  '/': Record<string, unknown>;
}
