// Test helper: writes OTLP protobuf by hand (with @bufbuild/protobuf's BinaryWriter) so tests can build
// records the SDK never would — unknown fields, huge ints, deep values, wrong lengths.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

export type AnyValueSpec = string | boolean | bigint | { double: number } | { bytes: Uint8Array } | { kv: [string, AnyValueSpec][] } | AnyValueSpec[] | null;

export interface SpanSpec {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startNs?: bigint;
  endNs?: bigint;
  attributes?: [string, AnyValueSpec][];
  status?: { code?: number; message?: string };
  /** Writes extra (e.g. unknown) fields at the end of the span. */
  extra?: (w: BinaryWriter) => void;
}

export interface ResourceSpec {
  attributes?: [string, AnyValueSpec][];
  scopes: { name?: string; version?: string; spans: SpanSpec[]; extra?: (w: BinaryWriter) => void }[];
  extra?: (w: BinaryWriter) => void;
}

export const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

export function encodeRequest(resources: ResourceSpec[], extra?: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  for (const r of resources) {
    w.tag(1, WireType.LengthDelimited).fork();
    writeResourceSpans(w, r);
    w.join();
  }
  extra?.(w);
  return w.finish();
}

export function writeResourceSpans(w: BinaryWriter, r: ResourceSpec): void {
  w.tag(1, WireType.LengthDelimited).fork();
  writeKeyValues(w, 1, r.attributes ?? []);
  w.join();
  for (const s of r.scopes) {
    w.tag(2, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).fork();
    if (s.name !== undefined) w.tag(1, WireType.LengthDelimited).string(s.name);
    if (s.version !== undefined) w.tag(2, WireType.LengthDelimited).string(s.version);
    w.join();
    for (const span of s.spans) {
      w.tag(2, WireType.LengthDelimited).fork();
      writeSpan(w, span);
      w.join();
    }
    s.extra?.(w);
    w.join();
  }
  r.extra?.(w);
}

export function writeSpan(w: BinaryWriter, s: SpanSpec): void {
  if (s.traceId !== undefined) w.tag(1, WireType.LengthDelimited).bytes(hexBytes(s.traceId));
  if (s.spanId !== undefined) w.tag(2, WireType.LengthDelimited).bytes(hexBytes(s.spanId));
  if (s.parentSpanId !== undefined) w.tag(4, WireType.LengthDelimited).bytes(hexBytes(s.parentSpanId));
  if (s.name !== undefined) w.tag(5, WireType.LengthDelimited).string(s.name);
  if (s.kind !== undefined) w.tag(6, WireType.Varint).int32(s.kind);
  if (s.startNs !== undefined) w.tag(7, WireType.Bit64).fixed64(s.startNs);
  if (s.endNs !== undefined) w.tag(8, WireType.Bit64).fixed64(s.endNs);
  writeKeyValues(w, 9, s.attributes ?? []);
  if (s.status) {
    w.tag(15, WireType.LengthDelimited).fork();
    if (s.status.message !== undefined) w.tag(2, WireType.LengthDelimited).string(s.status.message);
    if (s.status.code !== undefined) w.tag(3, WireType.Varint).int32(s.status.code);
    w.join();
  }
  s.extra?.(w);
}

function writeKeyValues(w: BinaryWriter, field: number, kvs: [string, AnyValueSpec][]): void {
  for (const [key, value] of kvs) {
    w.tag(field, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).string(key);
    w.tag(2, WireType.LengthDelimited).fork();
    writeAnyValue(w, value);
    w.join();
    w.join();
  }
}

function writeAnyValue(w: BinaryWriter, v: AnyValueSpec): void {
  if (v === null) return;
  if (typeof v === 'string') w.tag(1, WireType.LengthDelimited).string(v);
  else if (typeof v === 'boolean') w.tag(2, WireType.Varint).bool(v);
  else if (typeof v === 'bigint') w.tag(3, WireType.Varint).int64(v);
  else if (Array.isArray(v)) {
    w.tag(5, WireType.LengthDelimited).fork();
    for (const x of v) {
      w.tag(1, WireType.LengthDelimited).fork();
      writeAnyValue(w, x);
      w.join();
    }
    w.join();
  } else if ('double' in v) w.tag(4, WireType.Bit64).double(v.double);
  else if ('bytes' in v) w.tag(7, WireType.LengthDelimited).bytes(v.bytes);
  else {
    w.tag(6, WireType.LengthDelimited).fork();
    writeKeyValues(w, 1, v.kv);
    w.join();
  }
}

/** Unknown fields of every wire type, as a newer OTLP version might add. */
export function unknownFields(w: BinaryWriter): void {
  w.tag(90, WireType.Varint).uint64(123456789012345n);
  w.tag(91, WireType.LengthDelimited).string('future field');
  w.tag(92, WireType.Bit32).fixed32(7);
  w.tag(93, WireType.Bit64).fixed64(9n);
  w.tag(94, WireType.StartGroup).tag(1, WireType.Varint).uint32(1).tag(94, WireType.EndGroup);
}

/** A GenAI span with valid ids; `n` varies the ids. */
export function genAiSpan(n: number, attributes: [string, AnyValueSpec][] = [], over: Partial<SpanSpec> = {}): SpanSpec {
  const hex = n.toString(16).padStart(4, '0');
  return {
    traceId: `${'ab'.repeat(14)}${hex}`,
    spanId: `${'cd'.repeat(6)}${hex}`,
    name: `chat ${n}`,
    kind: 3,
    startNs: 1_772_442_904_123_000_000n + BigInt(n) * 1_000_000_000n,
    endNs: 1_772_442_904_123_000_000n + BigInt(n) * 1_000_000_000n + 2_500_000n,
    attributes: [['gen_ai.operation.name', 'chat'], ...attributes],
    ...over,
  };
}
