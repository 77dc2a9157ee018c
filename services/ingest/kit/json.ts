// Decoding raw JSON bytes defensively: strict UTF-8, one value, an array of values, or concatenated /
// NDJSON documents (some vendors pretty-print one object after another).

export type JsonDecode = { ok: true; values: unknown[] } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Parses a record value into JSON values. A top-level array is spread (`[a, b]` → two values); several
 * documents one after another (NDJSON or pretty-printed) are all returned.
 */
export function decodeJsonValues(bytes: Uint8Array): JsonDecode {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, reason: 'value is not valid UTF-8' };
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'value is empty' };
  try {
    const v: unknown = JSON.parse(trimmed);
    return { ok: true, values: Array.isArray(v) ? v : [v] };
  } catch (err) {
    const docs = splitConcatenated(trimmed);
    if (docs.length > 1) {
      const values: unknown[] = [];
      for (const [i, d] of docs.entries()) {
        try {
          values.push(JSON.parse(d));
        } catch (e) {
          return { ok: false, reason: `document ${i + 1} is not valid JSON: ${(e as Error).message}` };
        }
      }
      return { ok: true, values };
    }
    return { ok: false, reason: `value is not valid JSON: ${(err as Error).message}` };
  }
}

/** Splits `{…}{…}` / `{…}\n{…}` into top-level documents by tracking brackets outside strings. */
export function splitConcatenated(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
      if (depth < 0) return [];
    }
  }
  return depth === 0 ? out : [];
}

/**
 * A JSON string that holds JSON (`"{\"a\":1}"`), parsed; anything else returned as is. Vendors also send
 * Java-map and list strings (Okta's `"{level=LOW}"`, `"[New Device, New IP]"`): those are told apart by
 * the character after the bracket, without a JSON.parse that throws (an exception costs far more than the
 * parse, and Okta puts one in most events).
 */
export function maybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  const open = t.charCodeAt(0);
  // Only `{` or `[` can open JSON that is worth parsing here.
  if ((open !== 0x7b && open !== 0x5b) || !canStartJson(open, nextNonSpace(t, 1))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/** The first character code after position i that is not JSON whitespace (NaN at the end). */
function nextNonSpace(t: string, i: number): number {
  while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
  return t.charCodeAt(i);
}

/** What may follow `[` in JSON: a value or the closing bracket. */
const AFTER_BRACKET = new Set([...'"{[]-0123456789tfn'].map((c) => c.charCodeAt(0)));

/** Whether `c` may follow `{` (a key or `}`) or `[` in JSON. */
function canStartJson(open: number, c: number): boolean {
  return open === 0x7b ? c === 0x22 /* " */ || c === 0x7d /* } */ : AFTER_BRACKET.has(c);
}
