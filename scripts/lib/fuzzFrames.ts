import fc from 'fast-check';

/** One frame a fuzzing client sends: text (maybe not valid UTF-8, when `data` is a Buffer) or binary. */
export interface IFuzzFrame {
  kind: string;
  data: string | Buffer;
  binary: boolean;
}

/** The fuzzing client connects as this user; a refresh with the same code keeps the connection. */
export const FUZZ_PASSPORT_CODE = 'valid:fuzzer';

/** maxPayload of the fuzzed server: small, so that oversized frames stay cheap. */
export const FUZZ_MAX_PAYLOAD = 64 * 1024;

const PREFIX = '_:';
const text =
  (kind: string) =>
  (data: string): IFuzzFrame => ({ kind, data, binary: false });
const json = fc.jsonValue({ maxDepth: 4 });
const anyString = fc.string({ unit: 'binary', maxLength: 120 });
const wireNames = fc.constantFrom('_a', '_b', '_c', '_z', '', 'sysReady', 'sysPerformAction', 'echo', 'x'.repeat(300));

const rpcPayload = fc.record(
  {
    i: fc.oneof(fc.integer(), fc.string({ maxLength: 70 }), json),
    m: fc.oneof(fc.constantFrom('get', 'post', 'PUT', 'patch', 'delete', 'trace'), json),
    p: fc.oneof(fc.constantFrom('/api/echo', '/api/missing', '/api/slow', '/api/fail', 'api/echo', '/'), anyString),
    q: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }), json),
    b: json,
    h: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 3 }), json),
  },
  { requiredKeys: [] },
);

/** A frame the connection survives: every such kind in docs/protocol.md's bad-input table, and valid ones. */
export function fuzzFrame(): fc.Arbitrary<IFuzzFrame> {
  return fc.oneof(
    { weight: 3, arbitrary: anyString.map(text('string')) },
    { weight: 3, arbitrary: anyString.map(s => PREFIX + s).map(text('prefixed string')) },
    { weight: 3, arbitrary: json.map(v => PREFIX + JSON.stringify(v)).map(text('prefixed JSON')) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.oneof(wireNames, anyString), json)
        .map(v => PREFIX + JSON.stringify(v))
        .map(text('event')),
    },
    { weight: 6, arbitrary: rpcPayload.map(v => `${PREFIX}${JSON.stringify(['_b', v])}`).map(text('rpc')) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(json, fc.nat())
        .map(([v, cut]) => {
          const whole = `${PREFIX}${JSON.stringify(['e', v])}`;
          return whole.slice(0, cut % whole.length);
        })
        .map(text('truncated JSON')),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 20_000 })
        .map(depth => PREFIX + '['.repeat(depth) + (depth % 2 === 0 ? ']'.repeat(depth) : ''))
        .map(text('deep nesting')),
    },
    {
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 200 }).map(bytes => ({
        kind: 'binary',
        data: Buffer.from(bytes),
        binary: true,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constant(`${PREFIX}${JSON.stringify(['sysPassportRefresh', { code: FUZZ_PASSPORT_CODE }])}`)
        .map(text('passport refresh')),
    },
  );
}

/** A frame that closes the connection, with the code it closes with. */
export function closingFrame(): fc.Arbitrary<IFuzzFrame & { closeCode: number }> {
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 20 }).map(bytes => ({
      kind: 'invalid UTF-8',
      data: Buffer.concat([Buffer.from(PREFIX), Buffer.from(bytes), Buffer.from([0xff])]),
      binary: false,
      closeCode: 1007,
    })),
    fc.constant({ kind: 'oversized', data: 'x'.repeat(FUZZ_MAX_PAYLOAD + 1), binary: false, closeCode: 1009 }),
    fc.oneof(fc.record({ code: anyString.filter(code => code !== FUZZ_PASSPORT_CODE) }), json).map(payload => ({
      kind: 'bad passport refresh',
      data: `${PREFIX}${JSON.stringify(['sysPassportRefresh', payload])}`,
      binary: false,
      closeCode: 1008,
    })),
  );
}
