import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sortOnions, type ISortableOnion } from '../../../src/core/onion/sortOnions.js';
import { thrownBy } from '../../support/thrownBy.js';

const BUILT_IN = [
  'a-socket:alive',
  'a-socket:app',
  'a-socket:instance',
  'a-socket:cors',
  'a-socket:event',
  'a-socket:passport',
  'a-socket:ready',
];

/** The built-in connection onions as DESIGN §4 chains them: each depends on the previous one. */
function builtInOnions(): ISortableOnion[] {
  return BUILT_IN.map((name, index) => (index === 0 ? { name } : { name, dependencies: BUILT_IN[index - 1] }));
}

const namesOf = (onions: readonly ISortableOnion[]) => onions.map(onion => onion.name);

function permutationOf<T>(items: readonly T[]) {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

// ---------------------------------------------------------------------------------------------
// Cycles are checked in a worker thread: a sorter that loops forever (as Vona's does) would block
// jest's own thread, so no jest timeout could end the test. The worker runs the same source,
// bundled by esbuild, and is terminated when it does not answer in time.

interface ISortOutcome {
  names?: string[];
  error?: { name: string; code: string; message: string };
}

class SorterWorker {
  private static source?: string;
  private worker?: Worker;
  private nextId = 0;

  private static bundle(): string {
    const entry = fileURLToPath(new URL('../../../src/core/onion/sortOnions.ts', import.meta.url));
    const bundle = buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      globalName: 'sorter',
      platform: 'node',
      write: false,
    });
    const main = `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', ({ id, onions }) => {
        try {
          parentPort.postMessage({ id, names: sorter.sortOnions(onions).map(onion => onion.name) });
        } catch (e) {
          parentPort.postMessage({ id, error: { name: e.name, code: e.code, message: e.message } });
        }
      });`;
    return bundle.outputFiles[0].text + main;
  }

  /** Sorts in the worker; rejects when it does not answer within `timeoutMs` (the worker is then replaced). */
  sort(onions: readonly ISortableOnion[], timeoutMs = 2000): Promise<ISortOutcome> {
    SorterWorker.source ??= SorterWorker.bundle();
    const worker = (this.worker ??= new Worker(SorterWorker.source, { eval: true }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        this.worker = undefined;
        void worker.terminate();
        reject(new Error(`sortOnions did not return within ${timeoutMs} ms for ${JSON.stringify(onions)}`));
      }, timeoutMs);
      const onMessage = (message: ISortOutcome & { id: number }) => {
        if (message.id !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, onions });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** The onion names of a `Circular onion dependency: a -> b -> a` message. */
function cycleIn(message: string): string[] {
  const match = /^Circular onion dependency: (.+)$/.exec(message);
  expect(match).not.toBeNull();
  return match![1].split(' -> ');
}

/** Edges as [runs first, runs after] pairs. */
function edgesOf(onions: readonly ISortableOnion[]): Array<[string, string]> {
  const toList = (value: string | readonly string[] | undefined) =>
    value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  return onions.flatMap(onion => [
    ...toList(onion.dependencies).map((name): [string, string] => [name, onion.name]),
    ...toList(onion.dependents).map((name): [string, string] => [onion.name, name]),
  ]);
}

/** A reported cycle is closed, visits each onion once, and follows real edges, all in one direction. */
function expectRealCycle(reported: string[], onions: readonly ISortableOnion[]): void {
  expect(reported.length).toBeGreaterThanOrEqual(2);
  expect(reported[reported.length - 1]).toBe(reported[0]);
  const members = reported.slice(0, -1);
  expect(new Set(members).size).toBe(members.length);
  const edges = new Set(edgesOf(onions).map(([from, to]) => `${from}\u0000${to}`));
  const pairs = members.map((name, index) => [name, reported[index + 1]]);
  const forward = pairs.every(([from, to]) => edges.has(`${from}\u0000${to}`));
  const backward = pairs.every(([from, to]) => edges.has(`${to}\u0000${from}`));
  expect({ reported, followsEdges: forward || backward }).toEqual({ reported, followsEdges: true });
}

// ---------------------------------------------------------------------------------------------

describe('sortOnions: the built-in connection onions', () => {
  test('in dependency order they stay in that order', () => {
    expect(namesOf(sortOnions(builtInOnions()))).toEqual(BUILT_IN);
  });

  test('registered in reverse they come out alive, app, instance, cors, event, passport, ready', () => {
    expect(namesOf(sortOnions(builtInOnions().reverse()))).toEqual(BUILT_IN);
  });

  test('registered in any shuffled order they come out alive, app, instance, cors, event, passport, ready', () => {
    fc.assert(
      fc.property(permutationOf(builtInOnions()), shuffled => {
        expect(namesOf(sortOnions(shuffled))).toEqual(BUILT_IN);
      }),
      { numRuns: 200 },
    );
  });

  test('a user onion with dependencies a-socket:passport and dependents a-socket:ready lands between them', () => {
    const user: ISortableOnion = { name: 'demo:user', dependencies: 'a-socket:passport', dependents: 'a-socket:ready' };
    const expected = [...BUILT_IN.slice(0, 6), 'demo:user', 'a-socket:ready'];
    expect(namesOf(sortOnions([user, ...builtInOnions()]))).toEqual(expected);
    expect(namesOf(sortOnions([...builtInOnions(), user]))).toEqual(expected);
    fc.assert(
      fc.property(permutationOf([...builtInOnions(), user]), shuffled => {
        expect(namesOf(sortOnions(shuffled))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  test('a user onion with only dependents a-socket:alive runs first of all', () => {
    const user: ISortableOnion = { name: 'demo:first', dependents: ['a-socket:alive'] };
    expect(namesOf(sortOnions([...builtInOnions(), user]))).toEqual(['demo:first', ...BUILT_IN]);
  });
});

describe('sortOnions: order', () => {
  test('an empty list sorts to an empty list', () => {
    expect(sortOnions([])).toEqual([]);
  });

  test('onions without dependencies keep their registration order', () => {
    const onions = [{ name: 'c' }, { name: 'a' }, { name: 'b' }];
    expect(namesOf(sortOnions(onions))).toEqual(['c', 'a', 'b']);
  });

  test('returns the same onion objects, in a new array', () => {
    const onions = [{ name: 'b', dependencies: 'a', extra: 1 }, { name: 'a' }];
    const sorted = sortOnions(onions);
    expect(sorted).not.toBe(onions);
    expect(sorted[0]).toBe(onions[1]);
    expect(sorted[1]).toBe(onions[0]);
    expect(sorted[1].extra).toBe(1);
  });

  test('dependencies may be one name or several', () => {
    expect(namesOf(sortOnions([{ name: 'b', dependencies: 'a' }, { name: 'a' }]))).toEqual(['a', 'b']);
    expect(
      namesOf(sortOnions([{ name: 'c', dependencies: ['a', 'b'] }, { name: 'b' }, { name: 'a', dependencies: [] }])),
    ).toEqual(['b', 'a', 'c']);
  });

  test('dependents as a string puts that onion after this one', () => {
    expect(namesOf(sortOnions([{ name: 'b' }, { name: 'a', dependents: 'b' }]))).toEqual(['a', 'b']);
  });

  test('dependents as an array puts every listed onion after this one', () => {
    expect(namesOf(sortOnions([{ name: 'c' }, { name: 'b' }, { name: 'a', dependents: ['c', 'b'] }]))).toEqual([
      'a',
      'c',
      'b',
    ]);
  });

  test('the same edge declared twice (as dependency and as dependent) counts once', () => {
    const onions = [{ name: 'b', dependencies: ['a', 'a'] }, { name: 'a', dependents: 'b' }, { name: 'c' }];
    expect(namesOf(sortOnions(onions))).toEqual(['a', 'b', 'c']);
  });

  test('where the graph leaves a choice, the earliest registered onion goes first', () => {
    // s must follow p; q and r are free and keep their place relative to each other.
    expect(
      namesOf(sortOnions([{ name: 's', dependencies: 'p' }, { name: 'q' }, { name: 'p' }, { name: 'r' }])),
    ).toEqual(['q', 'p', 's', 'r']);
    // x is free and registered first: it is not pushed behind the a -> b chain.
    expect(namesOf(sortOnions([{ name: 'x' }, { name: 'b', dependencies: 'a' }, { name: 'a' }]))).toEqual([
      'x',
      'a',
      'b',
    ]);
  });

  test('the input array and its onions are not modified', () => {
    const onions = [
      { name: 'c', dependencies: ['b'] },
      { name: 'b', dependents: 'c', dependencies: 'a' },
      { name: 'a' },
    ] as const;
    const snapshot = structuredClone(onions);
    const frozen = Object.freeze(onions.map(onion => Object.freeze({ ...onion })));
    expect(namesOf(sortOnions(frozen))).toEqual(['a', 'b', 'c']);
    expect(namesOf(sortOnions(onions))).toEqual(['a', 'b', 'c']);
    expect(onions).toEqual(snapshot);
  });
});

describe('sortOnions: errors', () => {
  const sorter = new SorterWorker();
  afterAll(() => sorter.close());

  test('a three-onion cycle fails with ONION_CYCLE naming all three, and the sort returns', async () => {
    const onions = [
      { name: 'a', dependencies: 'c' },
      { name: 'b', dependencies: 'a' },
      { name: 'c', dependencies: 'b' },
    ];
    const outcome = await sorter.sort(onions);
    expect(outcome.error).toMatchObject({ name: 'ASocketError', code: 'ONION_CYCLE' });
    const cycle = cycleIn(outcome.error!.message);
    expect([...cycle].slice(0, -1).sort()).toEqual(['a', 'b', 'c']);
    expectRealCycle(cycle, onions);
    // and in this thread, as an ASocketError
    const error = thrownBy(() => sortOnions(onions));
    expect(error.code).toBe('ONION_CYCLE');
    expect(error.message).toBe(outcome.error!.message);
  });

  test('a cycle made of dependencies and dependents together is reported', async () => {
    const onions = [
      { name: 'demo:y', dependents: 'a-socket:x' },
      { name: 'a-socket:x', dependents: ['demo:y'] },
    ];
    const outcome = await sorter.sort(onions);
    expect(outcome.error?.code).toBe('ONION_CYCLE');
    const cycle = cycleIn(outcome.error!.message);
    expect(cycle).toHaveLength(3);
    expectRealCycle(cycle, onions);
  });

  test('a cycle reached only through an onion hanging off it is reported without that onion', async () => {
    // d is registered first and depends on a; the cycle is a <-> b.
    const onions = [
      { name: 'd', dependencies: 'a' },
      { name: 'a', dependencies: 'b' },
      { name: 'b', dependencies: 'a' },
    ];
    const outcome = await sorter.sort(onions);
    expect(outcome.error?.code).toBe('ONION_CYCLE');
    const cycle = cycleIn(outcome.error!.message);
    expect([...cycle].slice(0, -1).sort()).toEqual(['a', 'b']);
    expectRealCycle(cycle, onions);
  });

  test('a cycle behind a chain of onions is reported without the chain', async () => {
    const onions = [
      { name: 'e', dependencies: 'd' },
      { name: 'd', dependencies: 'c' },
      { name: 'ok' },
      { name: 'c', dependencies: ['ok', 'b'] },
      { name: 'b', dependencies: 'a' },
      { name: 'a', dependencies: 'b' },
    ];
    const outcome = await sorter.sort(onions);
    expect(outcome.error?.code).toBe('ONION_CYCLE');
    expect(cycleIn(outcome.error!.message).slice(0, -1).sort()).toEqual(['a', 'b']);
  });

  test('an onion depending on itself is a cycle naming it', async () => {
    const outcome = await sorter.sort([{ name: 'ok' }, { name: 'demo:self', dependencies: 'demo:self' }]);
    expect(outcome.error?.code).toBe('ONION_CYCLE');
    expect(outcome.error?.message).toBe('Circular onion dependency: demo:self -> demo:self');
  });

  test('an onion listing itself as dependent is a cycle naming it', async () => {
    const outcome = await sorter.sort([{ name: 'demo:self', dependents: ['demo:self'] }]);
    expect(outcome.error?.message).toBe('Circular onion dependency: demo:self -> demo:self');
  });

  test('the input is not modified when the sort fails', async () => {
    const onions = [
      { name: 'a', dependencies: 'b' },
      { name: 'b', dependencies: 'a' },
    ];
    const snapshot = structuredClone(onions);
    expect((await sorter.sort(onions)).error?.code).toBe('ONION_CYCLE');
    expect(thrownBy(() => sortOnions(onions)).code).toBe('ONION_CYCLE');
    expect(onions).toEqual(snapshot);
  });

  test('an unknown name in dependencies is ONION_UNKNOWN naming the onion and the missing name', () => {
    const error = thrownBy(() =>
      sortOnions([{ name: 'demo:y', dependencies: ['demo:x', 'demo:z'] }, { name: 'demo:x' }]),
    );
    expect(error.code).toBe('ONION_UNKNOWN');
    expect(error.message).toBe('Unknown onion "demo:z" in dependencies of "demo:y"');
  });

  test('an unknown name in dependents is ONION_UNKNOWN naming the onion and the missing name', () => {
    const error = thrownBy(() => sortOnions([{ name: 'demo:y', dependents: 'a-socket:ready' }]));
    expect(error.code).toBe('ONION_UNKNOWN');
    expect(error.message).toContain('"a-socket:ready"');
    expect(error.message).toContain('"demo:y"');
    expect(error.message).toContain('dependents');
  });

  test('a name registered twice is ONION_DUPLICATE naming it', () => {
    const error = thrownBy(() => sortOnions([{ name: 'demo:x' }, { name: 'demo:y' }, { name: 'demo:x' }]));
    expect(error.code).toBe('ONION_DUPLICATE');
    expect(error.message).toContain('"demo:x"');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random graphs.

interface IGraph {
  onions: ISortableOnion[];
}

/** Declares each edge of `edges` ([first, after] by index) as a dependency or a dependent, as string or array. */
function buildOnions(
  size: number,
  edges: ReadonlyArray<readonly [number, number, 'dependencies' | 'dependents']>,
  order: readonly number[],
  asArray: readonly boolean[],
): ISortableOnion[] {
  const dependencies: string[][] = Array.from({ length: size }, () => []);
  const dependents: string[][] = Array.from({ length: size }, () => []);
  const name = (index: number) => `m:o${index}`;
  for (const [first, after, kind] of edges) {
    if (kind === 'dependencies') dependencies[after].push(name(first));
    else dependents[first].push(name(after));
  }
  const shape = (list: string[], index: number) =>
    list.length === 0 ? undefined : list.length === 1 && !asArray[index] ? list[0] : list;
  return order.map(index => {
    const onion: ISortableOnion = { name: name(index) };
    const deps = shape(dependencies[index], index);
    const dents = shape(dependents[index], index);
    if (deps !== undefined) onion.dependencies = deps;
    if (dents !== undefined) onion.dependents = dents;
    return onion;
  });
}

/** Random DAGs: an edge only goes from a lower to a higher hidden rank; registration order is shuffled. */
const dagArb: fc.Arbitrary<IGraph> = fc.integer({ min: 1, max: 10 }).chain(size => {
  const pairs: Array<[number, number]> = [];
  for (let first = 0; first < size; first++)
    for (let after = first + 1; after < size; after++) pairs.push([first, after]);
  return fc
    .tuple(
      fc.array(fc.constantFrom('none', 'dependencies', 'dependents', 'both'), {
        minLength: pairs.length,
        maxLength: pairs.length,
      }),
      permutationOf(Array.from({ length: size }, (_, index) => index)),
      fc.array(fc.boolean(), { minLength: size, maxLength: size }),
    )
    .map(([kinds, order, asArray]) => {
      const edges = pairs.flatMap(([first, after], index) => {
        const kind = kinds[index];
        if (kind === 'none') return [];
        if (kind === 'both') return [[first, after, 'dependencies'] as const, [first, after, 'dependents'] as const];
        return [[first, after, kind] as const];
      });
      return { onions: buildOnions(size, edges, order, asArray) };
    });
});

/** Random graphs of any shape, self-loops and cycles included. */
const graphArb: fc.Arbitrary<IGraph> = fc.integer({ min: 1, max: 8 }).chain(size =>
  fc
    .tuple(
      fc.uniqueArray(
        fc.tuple(
          fc.nat(size - 1),
          fc.nat(size - 1),
          fc.constantFrom<'dependencies' | 'dependents'>('dependencies', 'dependents'),
        ),
        { maxLength: size * 2, selector: ([first, after]) => `${first}>${after}` },
      ),
      fc.array(fc.boolean(), { minLength: size, maxLength: size }),
    )
    .map(([edges, asArray]) => ({
      onions: buildOnions(
        size,
        edges,
        Array.from({ length: size }, (_, index) => index),
        asArray,
      ),
    })),
);

function hasCycle(onions: readonly ISortableOnion[]): boolean {
  const after = new Map<string, string[]>(onions.map(onion => [onion.name, []]));
  for (const [first, next] of edgesOf(onions)) after.get(first)!.push(next);
  const state = new Map<string, 'open' | 'closed'>();
  const visit = (name: string): boolean => {
    if (state.get(name) === 'open') return true;
    if (state.get(name) === 'closed') return false;
    state.set(name, 'open');
    const found = after.get(name)!.some(visit);
    state.set(name, 'closed');
    return found;
  };
  return onions.some(onion => visit(onion.name));
}

describe('sortOnions: properties', () => {
  test('for random DAGs, the output is a permutation of the input', () => {
    fc.assert(
      fc.property(dagArb, ({ onions }) => {
        const sorted = sortOnions(onions);
        expect(sorted).toHaveLength(onions.length);
        expect(new Set(sorted)).toEqual(new Set(onions));
      }),
      { numRuns: 300 },
    );
  });

  test('for random DAGs, every dependency and dependent edge is respected', () => {
    fc.assert(
      fc.property(dagArb, ({ onions }) => {
        const position = new Map(sortOnions(onions).map((onion, index) => [onion.name, index]));
        for (const [first, after] of edgesOf(onions)) {
          expect({ first, after, before: position.get(first)! < position.get(after)! }).toEqual({
            first,
            after,
            before: true,
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  test('for random DAGs, each place goes to the earliest registered onion whose predecessors are placed', () => {
    fc.assert(
      fc.property(dagArb, ({ onions }) => {
        const sorted = sortOnions(onions);
        const edges = edgesOf(onions);
        const placed = new Set<string>();
        for (const onion of sorted) {
          const ready = onions.filter(
            candidate =>
              !placed.has(candidate.name) &&
              edges.every(([first, after]) => after !== candidate.name || placed.has(first)),
          );
          expect(onion.name).toBe(ready[0].name);
          placed.add(onion.name);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('for random DAGs, the input is not modified', () => {
    fc.assert(
      fc.property(dagArb, ({ onions }) => {
        const snapshot = structuredClone(onions);
        sortOnions(onions);
        expect(onions).toEqual(snapshot);
      }),
      { numRuns: 100 },
    );
  });

  describe('any graph', () => {
    const sorter = new SorterWorker();
    afterAll(() => sorter.close());

    test('for random graphs, the sort returns, and fails with a real cycle exactly when the graph has one', async () => {
      await fc.assert(
        fc.asyncProperty(graphArb, async ({ onions }) => {
          const outcome = await sorter.sort(onions);
          if (hasCycle(onions)) {
            expect(outcome.error?.code).toBe('ONION_CYCLE');
            expectRealCycle(cycleIn(outcome.error!.message), onions);
          } else {
            expect(outcome.error).toBeUndefined();
            expect([...outcome.names!].sort()).toEqual(namesOf(onions).sort());
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
