// OTLP protobuf (`otlp_proto`, the Collector's default) → the decoded request. A hand-written reader over
// @bufbuild/protobuf's wire reader: only the fields normalization needs are read, everything else skipped.
// Bounded: span count and attribute depth are limited, every length is checked against its enclosing message.
import { WireType } from '@bufbuild/protobuf/wire';
import {
  DecodeError,
  emptyRequest,
  newAttributes,
  type DecodeLimits,
  type DecodeResult,
  type OtlpRequest,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
} from './model.js';
import { durationMs, u64NanosMs, u64NanosRem } from './nanos.js';
import { LEN, ProtoCursor } from './proto-common.js';

export function decodeOtlpProto(bytes: Uint8Array, limits: DecodeLimits): DecodeResult {
  try {
    return { ok: true, request: new ProtoDecoder(bytes, limits).request() };
  } catch (err) {
    const code = err instanceof DecodeError ? err.code : 'VIGIL_ERR_PARSE';
    return { ok: false, code, reason: `not an OTLP protobuf ExportTraceServiceRequest: ${(err as Error).message}` };
  }
}

/** trace.proto's layout, read with the bounds-checked cursor. */
class ProtoDecoder extends ProtoCursor {
  constructor(
    buf: Uint8Array,
    private readonly limits: DecodeLimits,
  ) {
    super(buf, limits.maxAttributeDepth);
  }

  /** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 } */
  request(): OtlpRequest {
    const out = emptyRequest();
    const end = this.buf.length;
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) out.resources.push(this.resourceSpans(this.subEnd(end), out));
      else this.skip(tag, end);
    }
    return out;
  }

  /** ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3 } */
  private resourceSpans(end: number, out: OtlpRequest): OtlpResourceSpans {
    const rs: OtlpResourceSpans = { attributes: newAttributes(), scopes: [] };
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) this.attributesOf(this.subEnd(end), 1, rs.attributes);
      else if (tag === ((2 << 3) | LEN))
        rs.scopes.push(this.scopeSpans(this.subEnd(end), out, `resource_spans[${out.resources.length}].scope_spans[${rs.scopes.length}]`));
      else this.skip(tag, end);
    }
    this.closeAt(end);
    return rs;
  }

  /** ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3 } */
  private scopeSpans(end: number, out: OtlpRequest, path: string): OtlpScopeSpans {
    const ss: OtlpScopeSpans = { scopeName: '', scopeVersion: '', spans: [] };
    let spanIndex = 0;
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) this.scope(this.subEnd(end), ss);
      else if (tag === ((2 << 3) | LEN)) {
        const spanEnd = this.subEnd(end);
        const index = spanIndex++;
        if (out.spanCount >= this.limits.maxSpans) {
          out.spansOverLimit++;
          this.r.pos = spanEnd;
          continue;
        }
        out.spanCount++;
        try {
          ss.spans.push(this.span(spanEnd));
        } catch (err) {
          // The span's bounds were checked against its parent, so the rest of the record is still readable.
          out.problems.push({ code: err instanceof DecodeError ? err.code : 'VIGIL_ERR_PARSE', reason: `${path}.spans[${index}]: ${(err as Error).message}` });
          this.r.pos = spanEnd;
        }
      } else this.skip(tag, end);
    }
    this.closeAt(end);
    return ss;
  }

  /** InstrumentationScope { string name = 1; string version = 2; … } */
  private scope(end: number, ss: OtlpScopeSpans): void {
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((1 << 3) | LEN)) ss.scopeName = this.r.string();
      else if (tag === ((2 << 3) | LEN)) ss.scopeVersion = this.r.string();
      else this.skip(tag, end);
    }
    this.closeAt(end);
  }

  /** Span: ids 1/2/4, name 5, kind 6, start 7 / end 8 (fixed64), attributes 9, status 15; the rest skipped. */
  private span(end: number): OtlpSpan {
    const span: OtlpSpan = {
      traceId: '',
      spanId: '',
      parentSpanId: '',
      name: '',
      kind: 0,
      startMs: 0,
      durationMs: undefined,
      attributes: newAttributes(),
      statusCode: 0,
      statusMessage: '',
    };
    let startLo = 0;
    let startHi = 0;
    let endLo = 0;
    let endHi = 0;
    while (this.r.pos < end) {
      const tag = this.tag();
      switch (tag) {
        case (1 << 3) | LEN:
          span.traceId = this.id('trace_id', end);
          break;
        case (2 << 3) | LEN:
          span.spanId = this.id('span_id', end);
          break;
        case (4 << 3) | LEN:
          span.parentSpanId = this.id('parent_span_id', end);
          break;
        case (5 << 3) | LEN:
          span.name = this.r.string();
          break;
        case (6 << 3) | WireType.Varint:
          span.kind = this.r.uint32();
          break;
        case (7 << 3) | WireType.Bit64:
          this.need(8, end);
          startLo = this.view.getUint32(this.r.pos, true);
          startHi = this.view.getUint32(this.r.pos + 4, true);
          this.r.pos += 8;
          break;
        case (8 << 3) | WireType.Bit64:
          this.need(8, end);
          endLo = this.view.getUint32(this.r.pos, true);
          endHi = this.view.getUint32(this.r.pos + 4, true);
          this.r.pos += 8;
          break;
        case (9 << 3) | LEN:
          this.keyValue(this.subEnd(end), span.attributes, 1);
          break;
        case (15 << 3) | LEN:
          this.status(this.subEnd(end), span);
          break;
        default:
          this.skip(tag, end);
      }
    }
    this.closeAt(end);
    const startMs = u64NanosMs(startLo, startHi);
    span.startMs = startMs;
    span.durationMs = durationMs(startMs, u64NanosRem(startLo, startHi), u64NanosMs(endLo, endHi), u64NanosRem(endLo, endHi));
    return span;
  }

  /** Status { string message = 2; StatusCode code = 3 } */
  private status(end: number, span: OtlpSpan): void {
    while (this.r.pos < end) {
      const tag = this.tag();
      if (tag === ((2 << 3) | LEN)) span.statusMessage = this.r.string();
      else if (tag === ((3 << 3) | WireType.Varint)) span.statusCode = this.r.uint32();
      else this.skip(tag, end);
    }
    this.closeAt(end);
  }
}
