// The decoded OTLP trace request, as both decoders (protobuf and OTLP/JSON) produce it: only what
// normalization reads, attributes as plain null-prototype maps, ids as lower-case hex, times in ms.
import type { ErrorCode } from '@vigil/core';
import type { SourceProblem } from '../../source.js';

/** An OTLP AnyValue as a plain value: bytes become base64, int64 a number (a decimal string past 2^53). */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

/** Attribute key → value. Always created with `newAttributes()` so keys like `__proto__` stay plain data. */
export type Attributes = Record<string, AttrValue>;

export function newAttributes(): Attributes {
  return Object.create(null) as Attributes;
}

export interface OtlpSpan {
  /** Lower-case hex as received; length is checked by normalize, not here ('' when absent). */
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Start time, whole epoch milliseconds (nanoseconds truncated); 0 when absent. */
  startMs: number;
  /** End minus start in ms (µs precision); undefined when the end is absent or before the start. */
  durationMs: number | undefined;
  attributes: Attributes;
  /** OTLP Status.code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
}

export interface OtlpScopeSpans {
  scopeName: string;
  scopeVersion: string;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  attributes: Attributes;
  scopes: OtlpScopeSpans[];
}

export interface OtlpRequest {
  resources: OtlpResourceSpans[];
  /** Spans read (those over the limit are not read and not counted here). */
  spanCount: number;
  /** Spans present beyond `maxSpans`, left unread. */
  spansOverLimit: number;
  /** Parts of the record that could not be read (one bad span, one bad resource …); the rest was. */
  problems: SourceProblem[];
}

export interface DecodeLimits {
  /** Spans read per record; the rest are reported as one problem. */
  maxSpans: number;
  /** Nesting depth of attribute values (an array inside an array is depth 2). */
  maxAttributeDepth: number;
}

export type DecodeResult = { ok: true; request: OtlpRequest } | { ok: false; code: ErrorCode; reason: string };

export function emptyRequest(): OtlpRequest {
  return { resources: [], spanCount: 0, spansOverLimit: 0, problems: [] };
}

/** A problem with one part of the input; thrown inside a decoder, caught at the nearest isolation point. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'VIGIL_ERR_PARSE',
  ) {
    super(message);
  }
}
