import fc from 'fast-check';
import { ASocketError } from '../../../src/index.js';
import { compose, type OnionMiddleware } from '../../../src/core/onion/compose.js';

interface IContext {
  log: string[];
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(done => (resolve = done));
  return { promise, resolve };
}

async function rejectionOf(promise: Promise<unknown>): Promise<ASocketError> {
  try {
    await promise;
  } catch (error) {
    return error as ASocketError;
  }
  throw new Error('expected a rejection, the promise resolved');
}

describe('compose: order', () => {
  test('onions wrap each other koa-style: before next on the way in, after next on the way out', async () => {
    const context: IContext = { log: [] };
    const onion =
      (name: string): OnionMiddleware<string, IContext> =>
      async (_data, ctx, next) => {
        ctx.log.push(`${name} before`);
        await next();
        ctx.log.push(`${name} after`);
      };
    const composed = compose([onion('a'), onion('b'), onion('c')]);
    await composed('x', context, () => {
      context.log.push('last');
    });
    expect(context.log).toEqual(['a before', 'b before', 'c before', 'last', 'c after', 'b after', 'a after']);
  });

  test('an onion resumes only after everything downstream has settled, also asynchronously', async () => {
    const log: string[] = [];
    const composed = compose<string, null>([
      async (_data, _ctx, next) => {
        await next();
        log.push('outer done');
      },
      async (_data, _ctx, next) => {
        await new Promise(resolve => setTimeout(resolve, 5));
        log.push('inner waited');
        await next();
      },
    ]);
    await composed('x', null);
    expect(log).toEqual(['inner waited', 'outer done']);
  });

  test('values travel back out: next() resolves with what downstream returned, the run with what the first returned', async () => {
    const composed = compose<number, null>([
      async (_data, _ctx, next) => `outer(${String(await next())})`,
      async (_data, _ctx, next) => `inner(${String(await next())})`,
    ]);
    await expect(composed(1, null, data => `last(${data})`)).resolves.toBe('outer(inner(last(1)))');
  });

  test('synchronous middlewares work too', async () => {
    const seen: number[] = [];
    const composed = compose<number, null>([
      (data, _ctx, next) => {
        seen.push(data);
        return next(data + 1);
      },
      (data, _ctx, next) => {
        seen.push(data);
        return next();
      },
    ]);
    await expect(composed(1, null, data => data * 10)).resolves.toBe(20);
    expect(seen).toEqual([1, 2]);
  });

  test('an empty chain runs last with the data, or resolves undefined without one', async () => {
    const composed = compose<string, null>([]);
    await expect(composed('x', null, data => `last ${data}`)).resolves.toBe('last x');
    await expect(composed('x', null)).resolves.toBeUndefined();
  });
});

describe('compose: next', () => {
  test('calling next twice rejects with ONION_NEXT_TWICE naming the onion, and downstream runs once', async () => {
    let downstream = 0;
    const composed = compose<string, null>(
      [
        async (_data, _ctx, next) => {
          await next();
          await next();
        },
        async (_data, _ctx, next) => {
          downstream++;
          await next();
        },
      ],
      ['demo:twice', 'demo:inner'],
    );
    const error = await rejectionOf(composed('x', null));
    expect(error).toBeInstanceOf(ASocketError);
    expect(error.code).toBe('ONION_NEXT_TWICE');
    expect(error.message).toContain('demo:twice');
    expect(downstream).toBe(1);
  });

  test('calling next twice at once (without awaiting) rejects too', async () => {
    const composed = compose<string, null>([(_data, _ctx, next) => Promise.all([next(), next()])]);
    expect((await rejectionOf(composed('x', null))).code).toBe('ONION_NEXT_TWICE');
  });

  test('the innermost onion calling next twice rejects and runs last once', async () => {
    let lastRuns = 0;
    const composed = compose<string, null>([
      async (_data, _ctx, next) => {
        await next();
        await next();
      },
    ]);
    const error = await rejectionOf(
      composed('x', null, () => {
        lastRuns++;
      }),
    );
    expect(error.code).toBe('ONION_NEXT_TWICE');
    expect(error.message).toContain('#0');
    expect(lastRuns).toBe(1);
  });

  test('calling next again after a downstream onion stopped the chain still rejects', async () => {
    const composed = compose<string, null>([
      async (_data, _ctx, next) => {
        await next();
        await next();
      },
      () => 'stopped here',
    ]);
    expect((await rejectionOf(composed('x', null))).code).toBe('ONION_NEXT_TWICE');
  });

  test('not calling next stops the chain: later onions and last do not run, the run resolves with its value', async () => {
    const ran: string[] = [];
    const composed = compose<string, null>([
      async (_data, _ctx, next) => {
        ran.push('a');
        return next();
      },
      () => {
        ran.push('b');
        return 'refused';
      },
      async (_data, _ctx, next) => {
        ran.push('c');
        return next();
      },
    ]);
    await expect(
      composed('x', null, () => {
        ran.push('last');
      }),
    ).resolves.toBe('refused');
    expect(ran).toEqual(['a', 'b']);
  });

  test('next(value) replaces the data downstream, next() and next(undefined) keep it, upstream keeps its own', async () => {
    const seen: Array<[string, string]> = [];
    const composed = compose<string, null>([
      async (data, _ctx, next) => {
        seen.push(['a', data]);
        await next('replaced by a');
        seen.push(['a after', data]);
      },
      async (data, _ctx, next) => {
        seen.push(['b', data]);
        await next();
      },
      async (data, _ctx, next) => {
        seen.push(['c', data]);
        await next(undefined);
      },
      async (data, _ctx, next) => {
        seen.push(['d', data]);
        await next('replaced by d');
      },
    ]);
    await composed('original', null, data => {
      seen.push(['last', data]);
    });
    expect(seen).toEqual([
      ['a', 'original'],
      ['b', 'replaced by a'],
      ['c', 'replaced by a'],
      ['d', 'replaced by a'],
      ['last', 'replaced by d'],
      ['a after', 'original'],
    ]);
  });

  test('falsy replacements (0, empty string, null, false) are replacements, not "keep"', async () => {
    for (const replacement of [0, '', null, false]) {
      const composed = compose<unknown, null>([(_data, _ctx, next) => next(replacement)]);
      await expect(composed('original', null, data => data)).resolves.toBe(replacement);
    }
  });

  test('the same context object reaches every onion and last', async () => {
    const context = { log: [] as string[] };
    const seen: unknown[] = [];
    const middleware: OnionMiddleware<number, IContext> = (_data, ctx, next) => {
      seen.push(ctx);
      return next(1);
    };
    await compose([middleware, middleware, middleware])(0, context, () => {
      seen.push(context);
    });
    expect(seen).toHaveLength(4);
    for (const ctx of seen) expect(ctx).toBe(context);
  });
});

describe('compose: errors', () => {
  test('a synchronous throw becomes a rejection of the run, not a throw from the call', async () => {
    const boom = new Error('boom');
    const composed = compose<string, null>([
      () => {
        throw boom;
      },
    ]);
    let run: Promise<unknown> | undefined;
    expect(() => {
      run = composed('x', null);
    }).not.toThrow();
    await expect(run).rejects.toBe(boom);
  });

  test('a rejection deep in the chain reaches the caller through every onion', async () => {
    const boom = new Error('deep');
    const after: string[] = [];
    const composed = compose<string, null>([
      async (_data, _ctx, next) => {
        await next();
        after.push('a');
      },
      async (_data, _ctx, next) => {
        await next();
        after.push('b');
      },
      async () => {
        await Promise.resolve();
        throw boom;
      },
    ]);
    await expect(composed('x', null)).rejects.toBe(boom);
    expect(after).toEqual([]);
  });

  test('an error thrown by last reaches the caller', async () => {
    const boom = new Error('last');
    const composed = compose<string, null>([(_data, _ctx, next) => next()]);
    await expect(
      composed('x', null, () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  test('an outer onion can catch a downstream error around next(), koa-style', async () => {
    const composed = compose<string, null>([
      async (_data, _ctx, next) => {
        try {
          await next();
        } catch (error) {
          return `caught ${(error as Error).message}`;
        }
      },
      () => {
        throw new Error('inner');
      },
    ]);
    await expect(composed('x', null)).resolves.toBe('caught inner');
  });
});

describe('compose: checks when composing', () => {
  test('a non-function is rejected at compose time with ONION_NOT_FUNCTION naming the onion and its type', () => {
    const middlewares = [(_d: unknown, _c: unknown, next: () => Promise<unknown>) => next(), { enter() {} }];
    let error: ASocketError | undefined;
    try {
      compose(middlewares as unknown as OnionMiddleware<unknown, unknown>[], ['demo:ok', 'demo:broken']);
    } catch (caught) {
      error = caught as ASocketError;
    }
    expect(error).toBeInstanceOf(ASocketError);
    expect(error?.code).toBe('ONION_NOT_FUNCTION');
    expect(error?.message).toContain('demo:broken');
    expect(error?.message).toContain('object');
  });

  test('without names a non-function is named by its position', () => {
    expect(() => compose([undefined] as unknown as OnionMiddleware<unknown, unknown>[])).toThrow(
      expect.objectContaining({ code: 'ONION_NOT_FUNCTION', message: expect.stringContaining('#0') }),
    );
  });

  test('changing the middleware array after composing does not change the chain', async () => {
    const ran: string[] = [];
    const middlewares: OnionMiddleware<string, null>[] = [
      (_data, _ctx, next) => {
        ran.push('a');
        return next();
      },
    ];
    const composed = compose(middlewares);
    middlewares.push(() => {
      ran.push('added later');
    });
    await composed('x', null);
    expect(ran).toEqual(['a']);
  });
});

describe('compose: reuse', () => {
  test('the composed function runs many times; each run has its own next bookkeeping', async () => {
    const composed = compose<number, null>([
      (data, _ctx, next) => next(data + 1),
      (data, _ctx, next) => next(data * 2),
    ]);
    for (let run = 0; run < 3; run++) await expect(composed(run, null, data => data)).resolves.toBe((run + 1) * 2);
  });

  test('two concurrent runs do not interfere: each keeps its own data, context and next', async () => {
    const gates = new Map<string, ReturnType<typeof deferred>>([
      ['first', deferred()],
      ['second', deferred()],
    ]);
    const composed = compose<string, IContext>([
      async (data, ctx, next) => {
        ctx.log.push(`a ${data}`);
        await gates.get(data)!.promise;
        await next(`${data}!`);
        ctx.log.push(`a after ${data}`);
      },
      async (data, ctx, next) => {
        ctx.log.push(`b ${data}`);
        await next();
      },
    ]);
    const first: IContext = { log: [] };
    const second: IContext = { log: [] };
    const runs = [composed('first', first, data => data), composed('second', second, data => data)];
    gates.get('second')!.resolve();
    await runs[1];
    gates.get('first')!.resolve();
    await runs[0];
    expect(first.log).toEqual(['a first', 'b first!', 'a after first']);
    expect(second.log).toEqual(['a second', 'b second!', 'a after second']);
  });

  test('for random chains, each onion sees the latest replacement and a stop ends the chain there', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ replace: fc.option(fc.integer(), { nil: undefined }), stop: fc.boolean() }), {
          maxLength: 8,
        }),
        async plan => {
          const seen: number[] = [];
          const composed = compose<number, null>(
            plan.map(step => async (data, _ctx, next) => {
              seen.push(data);
              if (step.stop) return 'stopped';
              return next(step.replace);
            }),
          );
          const result = await composed(-1, null, data => {
            seen.push(data);
            return 'last';
          });
          const expected: number[] = [];
          let current = -1;
          let stopped = false;
          for (const step of plan) {
            expected.push(current);
            if (step.stop) {
              stopped = true;
              break;
            }
            if (step.replace !== undefined) current = step.replace;
          }
          if (!stopped) expected.push(current);
          expect(seen).toEqual(expected);
          expect(result).toBe(stopped ? 'stopped' : 'last');
        },
      ),
      { numRuns: 200 },
    );
  });
});
