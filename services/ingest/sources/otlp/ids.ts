// Trace and span ids: bytes → lower-case hex, JSON ids (hex of any case, or base64 from jsonpb-style
// producers) → lower-case hex, and the validity rules normalize applies.

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexOf(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[buf[i]!]!;
  return s;
}

const HEX_RE = /^[0-9a-fA-F]*$/;
const B64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * An id from OTLP/JSON. OTLP/JSON says hex (any case accepted); a base64 id of exactly 8 or 16 bytes
 * (what generic protobuf-JSON encoders write) is also read. Anything else is returned as is, for
 * normalize to reject with the value in the reason.
 */
export function idFromJson(value: string | null | undefined): string {
  if (!value) return '';
  if (HEX_RE.test(value)) return value.toLowerCase();
  if ((value.length === 12 || value.length === 24) && B64_RE.test(value)) {
    const bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === 8 || bytes.length === 16) return hexOf(bytes, 0, bytes.length);
  }
  return value;
}

const VALID: Readonly<Record<number, RegExp>> = { 8: /^(?!0{16}$)[0-9a-f]{16}$/, 16: /^(?!0{32}$)[0-9a-f]{32}$/ };

/** Why an id is unusable, or undefined when it is `bytes` long, hex, and not all zeros (OTLP invalid id). */
export function idProblem(field: string, id: string, bytes: 8 | 16): string | undefined {
  if (VALID[bytes]!.test(id)) return undefined;
  if (id === '') return `${field} is missing`;
  if (!/^[0-9a-f]*$/.test(id)) return `${field} is not hex: ${JSON.stringify(id.slice(0, 48))}`;
  if (id.length !== bytes * 2) return `${field} must be ${bytes} bytes (${bytes * 2} hex digits), got ${id.length}`;
  return `${field} is all zeros (an invalid id)`;
}
