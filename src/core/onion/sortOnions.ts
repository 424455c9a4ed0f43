import { ASocketError } from '../error.js';
import { toArray } from '../util.js';

export interface ISortableOnion {
  name: string;
  dependencies?: string | readonly string[];
  dependents?: string | readonly string[];
}

/**
 * Orders onions so that each runs after its `dependencies` and before its `dependents`.
 * Where the graph leaves a choice, registration order wins. The input is not modified.
 * Throws `ONION_DUPLICATE`, `ONION_UNKNOWN` (naming both onions) or `ONION_CYCLE` (naming every onion on the cycle).
 */
export function sortOnions<T extends ISortableOnion>(onions: readonly T[]): T[] {
  const indexByName = new Map<string, number>();
  onions.forEach((onion, index) => {
    if (indexByName.has(onion.name)) {
      throw new ASocketError(
        'ONION_DUPLICATE',
        `Onion "${onion.name}" is registered twice: give one of them another name`,
      );
    }
    indexByName.set(onion.name, index);
  });

  // successors[i]: onions that must run after onion i
  const successors: Set<number>[] = onions.map(() => new Set<number>());
  const resolve = (owner: T, field: string, name: string): number => {
    const index = indexByName.get(name);
    if (index === undefined) {
      throw new ASocketError('ONION_UNKNOWN', `Unknown onion "${name}" in ${field} of "${owner.name}"`);
    }
    return index;
  };
  onions.forEach((onion, index) => {
    for (const name of toArray(onion.dependencies)) successors[resolve(onion, 'dependencies', name)].add(index);
    for (const name of toArray(onion.dependents)) successors[index].add(resolve(onion, 'dependents', name));
  });

  const inDegree = onions.map(() => 0);
  for (const set of successors) for (const next of set) inDegree[next]++;

  const sorted: T[] = [];
  const done = new Array<boolean>(onions.length).fill(false);
  // Each round takes the earliest registered onion whose predecessors are all placed: O(n²), and n is small.
  for (let placed = 0; placed < onions.length; placed++) {
    const index = inDegree.findIndex((degree, i) => degree === 0 && !done[i]);
    if (index === -1) throw cycleError(onions, successors, done);
    done[index] = true;
    sorted.push(onions[index]);
    for (const next of successors[index]) inDegree[next]--;
  }
  return sorted;
}

function cycleError(onions: readonly ISortableOnion[], successors: Set<number>[], done: boolean[]): ASocketError {
  // Every onion left unplaced has an unplaced predecessor, so walking predecessors never stops;
  // the first onion met twice closes a cycle.
  const predecessor = (index: number): number => successors.findIndex((set, from) => !done[from] && set.has(index));
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  let current = done.findIndex(isDone => !isDone);
  while (!seenAt.has(current)) {
    seenAt.set(current, walk.length);
    walk.push(current);
    current = predecessor(current);
  }
  const cycle = walk.slice(seenAt.get(current)).reverse();
  const names = [...cycle, cycle[0]].map(index => onions[index].name);
  return new ASocketError('ONION_CYCLE', `Circular onion dependency: ${names.join(' -> ')}`);
}
