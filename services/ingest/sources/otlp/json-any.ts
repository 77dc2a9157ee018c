// OTLP/JSON KeyValue lists and AnyValues → plain attribute values, depth-bounded. A value of the wrong
// JSON type reads as null (unknown) rather than failing the span: only the attribute is lost.
import { camelKeys } from './json-shapes.js';
import { DecodeError, newAttributes, type AttrValue, type Attributes } from './model.js';

export function attributesFromJson(
  list: readonly unknown[] | null | undefined,
  depth: number,
  maxDepth: number,
  into: Attributes = newAttributes(),
): Attributes {
  if (!list) return into;
  for (const entry of list) {
    const kv = camelKeys(entry);
    if (!kv || typeof kv !== 'object') continue;
    const { key, value } = kv as { key?: unknown; value?: unknown };
    if (typeof key === 'string' && key) into[key] = anyFromJson(value, depth, maxDepth);
  }
  return into;
}

export function anyFromJson(raw: unknown, depth: number, maxDepth: number): AttrValue {
  if (depth > maxDepth) throw new DecodeError(`an attribute value is nested deeper than ${maxDepth} levels`, 'VIGIL_ERR_TOO_LARGE');
  const v = camelKeys(raw);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (Object.hasOwn(o, 'stringValue')) return typeof o.stringValue === 'string' ? o.stringValue : null;
  if (Object.hasOwn(o, 'boolValue')) return typeof o.boolValue === 'boolean' ? o.boolValue : null;
  if (Object.hasOwn(o, 'intValue')) return int64(o.intValue);
  if (Object.hasOwn(o, 'doubleValue')) return double(o.doubleValue);
  if (Object.hasOwn(o, 'bytesValue')) return typeof o.bytesValue === 'string' ? o.bytesValue : null;
  if (Object.hasOwn(o, 'arrayValue')) {
    const values = valuesOf(o.arrayValue);
    return values ? values.map((x) => anyFromJson(x, depth + 1, maxDepth)) : null;
  }
  if (Object.hasOwn(o, 'kvlistValue')) {
    const values = valuesOf(o.kvlistValue);
    return values ? attributesFromJson(values, depth + 1, maxDepth) : null;
  }
  return null;
}

function valuesOf(container: unknown): unknown[] | undefined {
  if (!container || typeof container !== 'object') return undefined;
  const values = (container as { values?: unknown }).values;
  if (values === undefined || values === null) return [];
  return Array.isArray(values) ? values : undefined;
}

/** int64 as a decimal string (OTLP/JSON) or a bare number; past 2^53 kept as the exact decimal string. */
function int64(v: unknown): number | string | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v !== 'string' || !/^-?\d{1,20}$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** A JSON number, or the strings protobuf-JSON uses for doubles ("NaN", "Infinity", "1.5"). */
function double(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v);
  return Number.isNaN(n) && v !== 'NaN' ? null : n;
}
