import { WireType, type BinaryWriter } from '@bufbuild/protobuf/wire';
import { describe, expect, it } from 'vitest';
import { runSource, testContext } from '../../testing/source-harness.js';
import { decodeOtlp } from './decode.js';
import { decodeOtlpProto } from './decode-proto.js';
import { otlpSource } from './index.js';
import type { DecodeResult, OtlpRequest } from './model.js';
import { encodeRequest, genAiSpan, unknownFields, type AnyValueSpec } from './test-proto.js';

const limits = { maxSpans: 10_000, maxAttributeDepth: 8 };

function ok(r: DecodeResult): OtlpRequest {
  if (!r.ok) throw new Error(r.reason);
  return r.request;
}

const nested = (depth: number): AnyValueSpec => (depth <= 1 ? 'leaf' : [nested(depth - 1)]);

describe('otlp protobuf decoder', () => {
  it('skips unknown fields of every wire type at every level', () => {
    const bytes = encodeRequest(
      [
        {
          attributes: [['service.name', 'svc']],
          extra: unknownFields,
          scopes: [{ name: 'scope', version: '1', extra: unknownFields, spans: [genAiSpan(1, [], { extra: unknownFields })] }],
        },
      ],
      unknownFields,
    );
    const req = ok(decodeOtlpProto(bytes, limits));
    expect(req.problems).toEqual([]);
    const span = req.resources[0]!.scopes[0]!.spans[0]!;
    expect(span).toMatchObject({
      name: 'chat 1',
      kind: 3,
      traceId: `${'ab'.repeat(14)}0001`,
      spanId: `${'cd'.repeat(6)}0001`,
      startMs: 1_772_442_905_123,
      durationMs: 2.5,
    });
  });

  it('reads every AnyValue kind, keeps int64 past 2^53 exact and `__proto__` as plain data', () => {
    const bytes = encodeRequest([
      {
        scopes: [
          {
            spans: [
              genAiSpan(1, [
                ['s', 'text'],
                ['b', true],
                ['i', -42n],
                ['big', 9_007_199_254_740_993n],
                ['d', { double: 0.25 }],
                ['arr', ['x', 7n, false]],
                [
                  'kv',
                  {
                    kv: [
                      ['__proto__', 'not a prototype'],
                      ['inner', [1n]],
                    ],
                  },
                ],
                ['raw', { bytes: Uint8Array.from([1, 2, 3]) }],
                ['empty', null],
              ]),
            ],
          },
        ],
      },
    ]);
    const a = ok(decodeOtlpProto(bytes, limits)).resources[0]!.scopes[0]!.spans[0]!.attributes;
    expect({ ...a }).toMatchObject({ s: 'text', b: true, i: -42, big: '9007199254740993', d: 0.25, arr: ['x', 7, false], raw: 'AQID', empty: null });
    const kv = a.kv as Record<string, unknown>;
    expect(Object.getPrototypeOf(kv)).toBeNull();
    expect(kv['__proto__']).toBe('not a prototype');
    expect(kv.inner).toEqual([1]);
  });

  it('splits uint64 nanos exactly: the millisecond is truncated, the duration kept to the microsecond', () => {
    const span = genAiSpan(1, [], { startNs: 1_772_442_904_123_999_999n, endNs: 1_772_442_904_125_000_999n });
    const s = ok(decodeOtlpProto(encodeRequest([{ scopes: [{ spans: [span] }] }]), limits)).resources[0]!.scopes[0]!.spans[0]!;
    expect(s.startMs).toBe(1_772_442_904_123);
    expect(s.durationMs).toBe(1.001);
  });

  it('fails only the span whose attribute is nested too deep', () => {
    const bytes = encodeRequest([{ scopes: [{ spans: [genAiSpan(1, [['deep', nested(9)]]), genAiSpan(2, [['ok', nested(8)]])] }] }]);
    const req = ok(decodeOtlpProto(bytes, limits));
    expect(req.resources[0]!.scopes[0]!.spans.map((s) => s.name)).toEqual(['chat 2']);
    expect(req.problems).toEqual([
      { code: 'VIGIL_ERR_TOO_LARGE', reason: 'resource_spans[0].scope_spans[0].spans[0]: an attribute value is nested deeper than 8 levels' },
    ]);
  });

  it('fails the record when a resource attribute is nested too deep', () => {
    const r = decodeOtlpProto(encodeRequest([{ attributes: [['deep', nested(20)]], scopes: [{ spans: [genAiSpan(1)] }] }]), limits);
    expect(r).toMatchObject({ ok: false, code: 'VIGIL_ERR_TOO_LARGE' });
  });

  it('reads at most maxSpans spans and counts the rest', async () => {
    const bytes = encodeRequest([{ scopes: [{ spans: [1, 2, 3, 4, 5].map((n) => genAiSpan(n, [['gen_ai.agent.name', 'bot']])) }] }]);
    const req = ok(decodeOtlpProto(bytes, { ...limits, maxSpans: 3 }));
    expect(req.spanCount).toBe(3);
    expect(req.spansOverLimit).toBe(2);
    const out = await runSource(otlpSource, bytes, testContext({ settings: { maxSpansPerRecord: 3 } }));
    expect(out.signals).toHaveLength(3);
    expect(out.deadletters).toHaveLength(1);
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_TOO_LARGE' });
    expect(out.deadletters[0]!.reason).toContain('record holds 5 spans, over the limit of 3');
  });

  it('rejects a truncated record and a length that overruns its message', () => {
    const bytes = encodeRequest([{ scopes: [{ spans: [genAiSpan(1)] }] }]);
    const truncated = decodeOtlpProto(bytes.subarray(0, bytes.length - 5), limits);
    expect(truncated).toMatchObject({ ok: false, code: 'VIGIL_ERR_PARSE' });
    expect(!truncated.ok && truncated.reason).toMatch(/^not an OTLP protobuf ExportTraceServiceRequest: .*overruns/);
  });

  it('isolates a span whose own bytes are corrupt and reads the next one', () => {
    // A span holding an attribute whose length claims more bytes than the span has.
    const broken = (sw: BinaryWriter): void =>
      void sw
        .tag(9, WireType.LengthDelimited)
        .uint32(50)
        .raw(Uint8Array.from([0x0a, 0x01]));
    const bytes = encodeRequest([{ scopes: [{ spans: [genAiSpan(1, [], { extra: broken }), genAiSpan(2)] }] }]);
    const req = ok(decodeOtlpProto(bytes, limits));
    expect(req.resources[0]!.scopes[0]!.spans.map((s) => s.name)).toEqual(['chat 2']);
    expect(req.problems).toHaveLength(1);
    expect(req.problems[0]!.reason).toMatch(/^resource_spans\[0\]\.scope_spans\[0\]\.spans\[0\]: length 50 .* overruns/);
  });

  it('refuses an id far longer than any OTLP id before turning it into hex', () => {
    const req = ok(decodeOtlpProto(encodeRequest([{ scopes: [{ spans: [genAiSpan(1, [], { traceId: 'ab'.repeat(100) })] }] }]), limits));
    expect(req.problems[0]).toEqual({
      code: 'VIGIL_ERR_VALIDATION',
      reason: 'resource_spans[0].scope_spans[0].spans[0]: trace_id is 100 bytes, far over the 8 or 16 an id has',
    });
  });
});

describe('otlp encoding selection', () => {
  it('in auto, reads a protobuf record that starts "\\n{" (a 123-byte first resource) as protobuf', () => {
    let pad = 0;
    let bytes = encodeRequest([{ scopes: [{ spans: [genAiSpan(1)] }] }]);
    while (bytes[1] !== 0x7b) bytes = encodeRequest([{ attributes: [['pad', 'x'.repeat(pad++)]], scopes: [{ spans: [genAiSpan(1)] }] }]);
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('\n{');
    const req = ok(decodeOtlp(bytes, 'auto', limits));
    expect(req.spanCount).toBe(1);
  });

  it('hints at the encoding setting when the value is in the other encoding', () => {
    const proto = encodeRequest([{ scopes: [{ spans: [genAiSpan(1)] }] }]);
    const asJson = decodeOtlp(proto, 'otlp_json', limits);
    expect(!asJson.ok && asJson.reason).toMatch(/looks like protobuf: set sources\.otlp\.encoding to otlp_proto or auto/);
    const asProto = decodeOtlp(Buffer.from('  {"resourceSpans":[]}'), 'otlp_proto', limits);
    expect(!asProto.ok && asProto.reason).toMatch(/looks like JSON: set sources\.otlp\.encoding to otlp_json or auto/);
  });

  it('dead-letters an empty value and a record with no spans', async () => {
    expect((await runSource(otlpSource, Buffer.alloc(0))).deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_PARSE', reason: 'value is empty' });
    for (const value of [encodeRequest([{ scopes: [{ spans: [] }] }]), Buffer.from('{}')]) {
      const out = await runSource(otlpSource, value);
      expect(out.deadletters.map((d) => d.reason)).toEqual(['record holds no spans (an empty ExportTraceServiceRequest, or not one at all)']);
    }
  });
});
