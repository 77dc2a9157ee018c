// OTLP traces source: `otlp_spans` records from the OpenTelemetry Collector Kafka exporter (one
// ExportTraceServiceRequest each, protobuf or JSON) → agent.* signals for GenAI and MCP spans.
import { TOPICS } from '@vigil/schemas';
import { emptyResult, problemResult, rawRefOf, type Source, type SourceProblem, type SourceResult } from '../../source.js';
import { decodeOtlp } from './decode.js';
import { normalizeRequest } from './normalize.js';
import { OtlpSettingsSchema, readOtlpSettings } from './settings.js';

export { OtlpSettingsSchema, readOtlpSettings, type OtlpSettings } from './settings.js';

/**
 * Every problem becomes a dead-letter that carries the whole record, so a record with thousands of bad
 * spans is reported in a bounded number of dead-letters: the first ones, then one summary.
 */
export const MAX_PROBLEMS_PER_RECORD = 20;

export const otlpSource: Source = {
  name: 'otlp',
  signalSource: 'otlp',
  topic: TOPICS.rawOtlp,
  settingsSchema: OtlpSettingsSchema,
  handle(record, ctx): SourceResult {
    const s = readOtlpSettings(ctx.settings);
    if (!s.ok) return problemResult('VIGIL_ERR_CONFIG', `invalid otlp source settings: ${s.problems.join('; ')}`);
    const { settings } = s;
    const decoded = decodeOtlp(record.value, settings.encoding, { maxSpans: settings.maxSpansPerRecord, maxAttributeDepth: settings.maxAttributeDepth });
    if (!decoded.ok) return problemResult(decoded.code, decoded.reason);
    const request = decoded.request;
    const n = normalizeRequest(request, { aliases: ctx.aliases, classificationAttributes: settings.classificationAttributes });

    const out = emptyResult();
    const ref = rawRefOf(record);
    for (const signal of n.signals) out.signals.push({ ...signal, raw_ref: ref });
    out.ignored = n.ignored;
    const problems: SourceProblem[] = [...request.problems, ...n.problems];
    if (request.spansOverLimit > 0) {
      problems.push({
        code: 'VIGIL_ERR_TOO_LARGE',
        reason: `record holds ${request.spanCount + request.spansOverLimit} spans, over the limit of ${settings.maxSpansPerRecord} (sources.otlp.maxSpansPerRecord): the first ${settings.maxSpansPerRecord} were read, ${request.spansOverLimit} were not`,
      });
    }
    if (request.spanCount + request.spansOverLimit === 0 && problems.length === 0) {
      problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: 'record holds no spans (an empty ExportTraceServiceRequest, or not one at all)' });
    }
    out.problems = capped(problems);
    return out;
  },
};

function capped(problems: SourceProblem[]): SourceProblem[] {
  if (problems.length <= MAX_PROBLEMS_PER_RECORD) return problems;
  const kept = problems.slice(0, MAX_PROBLEMS_PER_RECORD - 1);
  const rest = problems.length - kept.length;
  kept.push({
    code: 'VIGIL_ERR_VALIDATION',
    reason: `${rest} more problems in this record, not listed one by one (first: ${problems[kept.length]!.reason.slice(0, 200)})`,
  });
  return kept;
}
