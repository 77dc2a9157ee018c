import { describe, expect, it } from 'vitest';
import { decodeOtlpJson } from './decode-json.js';
import type { DecodeResult, OtlpRequest } from './model.js';

const limits = { maxSpans: 10_000, maxAttributeDepth: 4 };
const decode = (doc: unknown): DecodeResult => decodeOtlpJson(Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)), limits);
const request = (spans: unknown[], resourceAttributes: unknown[] = []): unknown => ({
  resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ spans }] }],
});

/** An AnyValue whose leaf sits at `depth` (a top-level attribute value is depth 1). */
const nestedJson = (depth: number): unknown => (depth <= 1 ? { stringValue: 'leaf' } : { arrayValue: { values: [nestedJson(depth - 1)] } });

function ok(r: DecodeResult): OtlpRequest {
  if (!r.ok) throw new Error(r.reason);
  return r.request;
}

describe('otlp JSON decoder', () => {
  it('accepts lowerCamelCase and snake_case keys, enum names, and null fields', () => {
    // A bare JSON number of nanos, written out as an exporter would (a JS literal would already be rounded).
    const text = JSON.stringify({
      resource_spans: [
        {
          resource: null,
          scopeSpans: [
            {
              scope: { name: 'lib', version: null },
              spans: [
                {
                  traceId: 'AB'.repeat(16),
                  span_id: 'cd'.repeat(8),
                  parentSpanId: null,
                  name: 'x',
                  kind: 'SPAN_KIND_SERVER',
                  start_time_unix_nano: '1772442904123456789',
                  status: { code: 'STATUS_CODE_OK' },
                },
                {
                  traceId: 'AB'.repeat(16),
                  spanId: 'ef'.repeat(8),
                  kind: 4,
                  startTimeUnixNano: 'BARE_NUMBER',
                  endTimeUnixNano: '1772442904124456789',
                  status: { code: 2, message: 'boom' },
                },
              ],
            },
          ],
        },
      ],
    }).replace('"BARE_NUMBER"', '1772442904123456789');
    const req = ok(decode(text));
    const [a, b] = req.resources[0]!.scopes[0]!.spans;
    expect(req.resources[0]!.scopes[0]).toMatchObject({ scopeName: 'lib', scopeVersion: '' });
    expect(a).toMatchObject({
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      parentSpanId: '',
      kind: 2,
      startMs: 1772442904123,
      statusCode: 1,
      durationMs: undefined,
    });
    // A bare number past 2^53 was rounded by JSON.parse: the millisecond survives, the nanoseconds do not.
    expect(b).toMatchObject({ kind: 4, startMs: 1772442904123, statusCode: 2, statusMessage: 'boom' });
    expect(b!.durationMs).toBeCloseTo(1, 3);
  });

  it('reads base64 ids (as generic protobuf-JSON encoders write them) and keeps other junk for normalize to reject', () => {
    const traceB64 = Buffer.from('ab'.repeat(16), 'hex').toString('base64');
    const spanB64 = Buffer.from('cd'.repeat(8), 'hex').toString('base64');
    const req = ok(
      decode(
        request([
          { traceId: traceB64, spanId: spanB64 },
          { traceId: 'not-an-id', spanId: '' },
        ]),
      ),
    );
    const [a, b] = req.resources[0]!.scopes[0]!.spans;
    expect(a).toMatchObject({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) });
    expect(b).toMatchObject({ traceId: 'not-an-id', spanId: '' });
  });

  it('reads every AnyValue kind; a value of the wrong JSON type reads as null', () => {
    const attributes = [
      { key: 's', value: { stringValue: 'x' } },
      { key: 'i', value: { intValue: '9007199254740993' } },
      { key: 'n', value: { int_value: 12 } },
      { key: 'd', value: { doubleValue: 'Infinity' } },
      { key: 'b', value: { boolValue: false } },
      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'y' }, {}] } } },
      { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'wrong', value: { stringValue: 5 } },
      { key: 'badint', value: { intValue: '12abc' } },
      { value: { stringValue: 'no key' } },
      'not an object',
    ];
    const a = ok(decode(request([{ traceId: 'ab'.repeat(16), attributes }]))).resources[0]!.scopes[0]!.spans[0]!.attributes;
    expect({ ...a }).toEqual({
      s: 'x',
      i: '9007199254740993',
      n: 12,
      d: Infinity,
      b: false,
      a: ['y', null],
      kv: { k: true },
      bytes: 'AQID',
      wrong: null,
      badint: null,
    });
  });

  it('isolates a malformed span or resource and reads the rest', () => {
    const good = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'good' };
    const req = ok(
      decode({
        resourceSpans: [
          { resource: { attributes: 'nope' }, scopeSpans: [{ spans: [good] }] },
          {
            scopeSpans: [
              { spans: [{ ...good, name: 5 }, { ...good, startTimeUnixNano: '-1' }, good, { ...good, attributes: [{ key: 'deep', value: nestedJson(5) }] }] },
            ],
          },
        ],
      }),
    );
    expect(req.resources).toHaveLength(1);
    expect(req.resources[0]!.scopes[0]!.spans.map((s) => s.name)).toEqual(['good']);
    expect(req.problems.map((p) => p.reason)).toEqual([
      'resourceSpans[0]: resource.attributes: Invalid input: expected array, received string',
      'resourceSpans[1].scopeSpans[0].spans[0]: name: Invalid input: expected string, received number',
      'resourceSpans[1].scopeSpans[0].spans[1]: startTimeUnixNano: expected unsigned decimal nanoseconds',
      'resourceSpans[1].scopeSpans[0].spans[3]: an attribute value is nested deeper than 4 levels',
    ]);
    expect(ok(decode(request([{ ...good, attributes: [{ key: 'deep', value: nestedJson(4) }] }]))).problems).toEqual([]);
    expect(req.problems.map((p) => p.code)).toEqual(['VIGIL_ERR_VALIDATION', 'VIGIL_ERR_VALIDATION', 'VIGIL_ERR_VALIDATION', 'VIGIL_ERR_TOO_LARGE']);
  });

  it('fails the record on invalid UTF-8, invalid JSON, or a top level that is not an object', () => {
    expect(decodeOtlpJson(Uint8Array.from([0x7b, 0xff, 0x7d]), limits)).toMatchObject({
      ok: false,
      code: 'VIGIL_ERR_PARSE',
      reason: 'not an OTLP/JSON ExportTraceServiceRequest: value is not valid UTF-8',
    });
    expect(decode('{"resourceSpans": [')).toMatchObject({ ok: false, code: 'VIGIL_ERR_PARSE' });
    expect(decode([request([])])).toMatchObject({
      ok: false,
      code: 'VIGIL_ERR_VALIDATION',
      reason: 'not an OTLP/JSON ExportTraceServiceRequest: the top level must be an object',
    });
    expect(decode({ resourceSpans: {} })).toMatchObject({ ok: false, code: 'VIGIL_ERR_VALIDATION' });
  });

  it('counts spans over the limit without reading them', () => {
    const spans = Array.from({ length: 5 }, (_, i) => ({ traceId: 'ab'.repeat(16), spanId: `${i}`.padStart(16, '0'), name: `s${i}` }));
    const req = ok(decodeOtlpJson(Buffer.from(JSON.stringify(request(spans))), { ...limits, maxSpans: 2 }));
    expect(req.resources[0]!.scopes[0]!.spans.map((s) => s.name)).toEqual(['s0', 's1']);
    expect(req).toMatchObject({ spanCount: 2, spansOverLimit: 3 });
  });
});
