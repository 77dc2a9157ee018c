// OTLP/JSON (`otlp_json`) → the decoded request. Validated with zod level by level: a bad resource or
// span becomes one problem and the rest of the record is still read.
import { decodeUtf8, zodReason } from '../../kit/index.js';
import { idFromJson } from './ids.js';
import { attributesFromJson } from './json-any.js';
import { RequestShape, ResourceSpansShape, ScopeSpansShape, SpanShape, type SpanJson } from './json-shapes.js';
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
import { durationMs, jsonNanos } from './nanos.js';

const WHAT = 'not an OTLP/JSON ExportTraceServiceRequest';

export function decodeOtlpJson(bytes: Uint8Array, limits: DecodeLimits): DecodeResult {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, code: 'VIGIL_ERR_PARSE', reason: `${WHAT}: value is not valid UTF-8` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'VIGIL_ERR_PARSE', reason: `${WHAT}: value is not valid JSON: ${(err as Error).message}` };
  }
  return requestFromJson(doc, limits);
}

/** An already-parsed OTLP/JSON document → the decoded request. */
export function requestFromJson(doc: unknown, limits: DecodeLimits): DecodeResult {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return { ok: false, code: 'VIGIL_ERR_VALIDATION', reason: `${WHAT}: the top level must be an object` };
  const req = RequestShape.safeParse(doc);
  if (!req.success) return { ok: false, code: 'VIGIL_ERR_VALIDATION', reason: `${WHAT}: ${zodReason(req.error)}` };
  const out = emptyRequest();
  for (const [i, raw] of (req.data.resourceSpans ?? []).entries()) {
    const resource = readResource(raw, `resourceSpans[${i}]`, out, limits);
    if (resource) out.resources.push(resource);
  }
  return { ok: true, request: out };
}

function readResource(raw: unknown, path: string, out: OtlpRequest, limits: DecodeLimits): OtlpResourceSpans | undefined {
  const rs = ResourceSpansShape.safeParse(raw);
  if (!rs.success) {
    out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `${path}: ${zodReason(rs.error)}` });
    return undefined;
  }
  const resource: OtlpResourceSpans = { attributes: newAttributes(), scopes: [] };
  try {
    attributesFromJson(rs.data.resource?.attributes, 1, limits.maxAttributeDepth, resource.attributes);
  } catch (err) {
    out.problems.push(problemOf(err, `${path}.resource`));
    return undefined;
  }
  for (const [j, rawScope] of (rs.data.scopeSpans ?? []).entries()) {
    const ss = ScopeSpansShape.safeParse(rawScope);
    if (!ss.success) {
      out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `${path}.scopeSpans[${j}]: ${zodReason(ss.error)}` });
      continue;
    }
    const scope: OtlpScopeSpans = { scopeName: ss.data.scope?.name ?? '', scopeVersion: ss.data.scope?.version ?? '', spans: [] };
    for (const [k, rawSpan] of (ss.data.spans ?? []).entries()) {
      if (out.spanCount >= limits.maxSpans) {
        out.spansOverLimit++;
        continue;
      }
      out.spanCount++;
      const where = `${path}.scopeSpans[${j}].spans[${k}]`;
      const sp = SpanShape.safeParse(rawSpan);
      if (!sp.success) {
        out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `${where}: ${zodReason(sp.error)}` });
        continue;
      }
      try {
        scope.spans.push(spanFromJson(sp.data, limits));
      } catch (err) {
        out.problems.push(problemOf(err, where));
      }
    }
    resource.scopes.push(scope);
  }
  return resource;
}

function spanFromJson(s: SpanJson, limits: DecodeLimits): OtlpSpan {
  const [startMs, startRem] = s.startTimeUnixNano != null ? jsonNanos(s.startTimeUnixNano) : [0, 0];
  const [endMs, endRem] = s.endTimeUnixNano != null ? jsonNanos(s.endTimeUnixNano) : [0, 0];
  return {
    traceId: idFromJson(s.traceId),
    spanId: idFromJson(s.spanId),
    parentSpanId: idFromJson(s.parentSpanId),
    name: s.name ?? '',
    kind: s.kind ?? 0,
    startMs,
    durationMs: durationMs(startMs, startRem, endMs, endRem),
    attributes: attributesFromJson(s.attributes, 1, limits.maxAttributeDepth),
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message ?? '',
  };
}

function problemOf(err: unknown, where: string): OtlpRequest['problems'][number] {
  return { code: err instanceof DecodeError ? err.code : 'VIGIL_ERR_VALIDATION', reason: `${where}: ${(err as Error).message}` };
}
