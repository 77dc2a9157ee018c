// Picks the decoder for a record: the configured encoding, or `auto` (a value whose first non-space byte
// is `{` is OTLP/JSON, anything else protobuf). The Kafka exporter sets no header that would say which.
import { decodeOtlpJson } from './decode-json.js';
import { decodeOtlpProto } from './decode-proto.js';
import type { DecodeLimits, DecodeResult } from './model.js';
import type { Encoding } from './settings.js';

export function decodeOtlp(bytes: Uint8Array, encoding: Encoding, limits: DecodeLimits): DecodeResult {
  if (bytes.length === 0) return { ok: false, code: 'VIGIL_ERR_PARSE', reason: 'value is empty' };
  const json = looksLikeJson(bytes);
  if (encoding === 'otlp_json') {
    const r = decodeOtlpJson(bytes, limits);
    return r.ok || json ? r : { ...r, reason: `${r.reason} (the value looks like protobuf: set sources.otlp.encoding to otlp_proto or auto)` };
  }
  if (encoding === 'otlp_proto') {
    const r = decodeOtlpProto(bytes, limits);
    return r.ok || !json ? r : { ...r, reason: `${r.reason} (the value looks like JSON: set sources.otlp.encoding to otlp_json or auto)` };
  }
  if (!json) return decodeOtlpProto(bytes, limits);
  const r = decodeOtlpJson(bytes, limits);
  // 0x0A is both JSON whitespace and the protobuf tag of resource_spans: a protobuf record whose first
  // resource is 123 bytes long starts "\n{". Such a value is not JSON, so it gets a protobuf try.
  if (r.ok || bytes[0] !== 0x0a) return r;
  const p = decodeOtlpProto(bytes, limits);
  return p.ok && p.request.spanCount > 0 ? p : r;
}

/** True when the first byte after JSON whitespace (and a UTF-8 BOM) is `{`. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b;
}
