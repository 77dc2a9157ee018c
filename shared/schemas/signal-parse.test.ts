// parseSignal must answer exactly as SignalSchema.safeParse: the same verdict on any input, the same data
// when valid. Its ajv fast path may only ever accept what zod accepts, and must be the path valid signals take.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignalSchema } from './signal.js';
import { fastSchema, parseSignal } from './signal-parse.js';

const emoji = '\u{1F600}';
/** Mostly the valid choice, sometimes the invalid one: inputs valid but for one tricky part are common. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ weight: 15, arbitrary: valid }, { weight: 1, arbitrary: invalid });

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
/** What zod refuses, or counts differently from JSON Schema, as an attribute value. */
const tricky = fc.constantFrom<unknown>(
  NaN,
  Infinity,
  -Infinity,
  undefined,
  'x'.repeat(8193),
  emoji.repeat(4096),
  emoji.repeat(4097),
  new Array(256).fill('a'),
  new Array(257).fill('a'),
  [[1]],
  [{ a: 1 }],
  [NaN],
  [emoji.repeat(4097)],
  new Date(0),
  new Map(),
  new Uint8Array(2),
  Object.create(null) as object,
);
const value = mostly(fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.anything())), tricky);
const key = mostly(fc.string({ maxLength: 8 }), fc.constantFrom('x'.repeat(128), 'x'.repeat(129), emoji.repeat(64), emoji.repeat(65)));
const id = (max: number) =>
  mostly(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('', 'x'.repeat(max), 'x'.repeat(max + 1), emoji.repeat(max / 2 + 1), 7));
const subjects = mostly(
  fc.record({ user: id(320), agent: id(256), device: id(256), session: id(512), ip: id(64), tool: id(256) }, { requiredKeys: ['user'] }),
  fc.oneof(fc.constantFrom({}, [], 'user:alice', null), fc.record({ user: id(320), group: fc.string() })),
);
const attributes = mostly(fc.dictionary(key, value, { maxKeys: 6 }), fc.constantFrom([], 'a', null, new Map(), Object.create(null) as object));
const hex = (n: number) =>
  mostly(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n }), fc.constantFrom('A'.repeat(n), 'a'.repeat(n + 1), ''));
const fields = fc.record(
  {
    v: mostly(fc.constant(1), fc.constantFrom(2, '1')),
    id: id(256),
    time: mostly(
      fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2026-03-02T09:15:04Z', '2026-03-02T09:15:04.123+01:00', '2026-02-30T09:15:04.123Z', 'now', 7),
    ),
    source: mostly(fc.constantFrom('okta', 'otlp', 'custom'), fc.constantFrom('splunk', '')),
    type: mostly(fc.constantFrom('auth.failure', 'agent.tool_call', 'a.b_c.d'), fc.constantFrom('Auth.failure', 'auth', '')),
    severity: mostly(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 101, 1.5, NaN, Infinity, '5')),
    subjects,
    attributes,
    trace: mostly(fc.record({ trace_id: hex(32), span_id: hex(16), parent_span_id: hex(16) }, { requiredKeys: ['trace_id', 'span_id'] }), fc.constant('t')),
    raw_ref: mostly(
      fc.record({ topic: fc.constantFrom('vigil.raw.okta'), partition: fc.nat(100), offset: fc.constantFrom('42', '0') }),
      fc.record({ topic: fc.constantFrom('vigil.raw.okta', ''), partition: fc.constantFrom(0, -1, 1.5), offset: fc.constantFrom('42', '-1', 'x') }),
    ),
  },
  { requiredKeys: ['id', 'time', 'source', 'type', 'severity', 'subjects'] },
);
/** Now and then a key the contract does not know. */
const candidate = fc.tuple(fields, fc.nat(9)).map(([c, n]) => (n === 0 ? { ...c, extra: 1 } : c));

// The same input, twice: parseSignal may write defaults into its input.
const twice = (x: unknown): [unknown, unknown] => [structuredClone(x), structuredClone(x)];

describe('parseSignal', () => {
  it('gives the verdict and the data SignalSchema.safeParse gives, on any input', () => {
    let valid = 0;
    fc.assert(
      fc.property(candidate, (x) => {
        const [a, b] = twice(x);
        const zod = SignalSchema.safeParse(a);
        const ours = parseSignal(b);
        expect(ours.success).toBe(zod.success);
        if (zod.success && ours.success) expect(ours.data).toEqual(zod.data);
        if (zod.success) valid++;
      }),
      { numRuns: 4000 },
    );
    // Enough of them valid that the fast path's answers are compared, not only zod's refusals.
    expect(valid).toBeGreaterThan(400);
  });

  it('takes the fast path for valid signals (the input itself comes back, with its defaults)', () => {
    const valid = {
      id: 's1',
      time: '2026-03-02T09:15:04.123Z',
      source: 'otlp',
      type: 'agent.tool_call',
      severity: 20,
      subjects: { agent: 'finance-bot', user: 'carol@acme.example' },
      attributes: { tool_name: 'crm.lookup', tokens: 1200, mfa: false, none: null, tags: ['a', 1, true], usage: { input: 3 } },
      trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) },
    };
    const result = parseSignal(valid);
    expect(result.success && result.data).toBe(valid);
    expect(valid).toMatchObject({ v: 1 });
    const bare = { ...valid, attributes: undefined };
    delete bare.attributes;
    expect(parseSignal(bare)).toMatchObject({ success: true, data: { attributes: {} } });
  });

  it('counts string lengths in code points, as zod does, and takes the fast path for them', () => {
    const base = { id: 's1', time: '2026-03-02T09:15:04.123Z', source: 'okta', type: 'auth.failure', severity: 20, subjects: { user: 'a@x' } };
    const long = { ...base, attributes: { note: emoji.repeat(8192), [emoji.repeat(128)]: 1 } };
    const result = parseSignal(long);
    expect(result.success && result.data).toBe(long);
    expect(parseSignal({ ...base, attributes: { note: emoji.repeat(8193) } }).success).toBe(false);
    expect(parseSignal({ ...base, attributes: { [emoji.repeat(129)]: 1 } }).success).toBe(false);
  });

  it('explains a refusal as zod does', () => {
    const result = parseSignal({ id: 's1', time: 'now', source: 'okta', type: 'auth.failure', severity: 20, subjects: {} });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['time']));
  });

  it('merges a union of distinct types only when every keyword belongs to its branch type', () => {
    const merged = fastSchema({
      anyOf: [
        { type: 'string', maxLength: 3 },
        { type: 'array', items: { type: 'number' } },
      ],
    });
    expect(merged).toEqual({ type: ['string', 'array'], maxLength: 3, items: { type: 'number' } });
    const kept = [
      { anyOf: [{ type: 'string' }, { type: 'string', maxLength: 2 }] },
      { anyOf: [{ type: 'number' }, { type: 'integer' }] },
      { anyOf: [{ type: 'string', const: 'a' }, { type: 'number' }] },
      { anyOf: [{ type: 'string', minimum: 1 }, { type: 'number' }] },
      { anyOf: [{ type: 'string' }, { type: 'number' }], description: 'x' },
    ];
    for (const s of kept) expect(fastSchema(s).anyOf, JSON.stringify(s)).toBeDefined();
  });
});
