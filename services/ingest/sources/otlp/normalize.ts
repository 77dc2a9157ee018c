// Decoded OTLP spans → canonical signals (pure). GenAI spans (and MCP tool calls) become agent.* signals;
// every other span is counted as ignored. A GenAI span that cannot be used is one problem; the others still emit.
import { toIsoMs, type SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import { signalId } from '../../kit/index.js';
import type { SourceProblem } from '../../source.js';
import { classification, count, genAiOperation, GENAI, spanKindName, statusName, text, type GenAiOperation } from './genai.js';
import { idProblem } from './ids.js';
import { Lineage } from './lineage.js';
import type { Attributes, OtlpRequest, OtlpSpan } from './model.js';

export interface NormalizeOptions {
  aliases: AliasMap;
  /** Span attributes holding the data classification, in order. */
  classificationAttributes: readonly string[];
}

export interface NormalizeResult {
  signals: SignalInput[];
  ignored: number;
  problems: SourceProblem[];
}

/** Informational for an ordinary call, low when the span's status is ERROR (DESIGN severity scale). */
export const SEVERITY = { ordinary: 10, error: 30 } as const;

/** Free-text attributes (span names, status messages) are clipped so a signal always fits its schema. */
const MAX_TEXT = 1024;

/** SDKs name a service they were not told about `unknown_service[:process]`: no use as an agent id. */
const UNKNOWN_SERVICE = /^unknown_service(:|$)/;

export interface ResourceFacts {
  serviceName?: string;
  device?: string;
  user?: string;
  session?: string;
}

type Attr = string | number | boolean;

export function normalizeRequest(request: OtlpRequest, opts: NormalizeOptions): NormalizeResult {
  const out: NormalizeResult = { signals: [], ignored: 0, problems: [] };
  let lineage: Lineage | undefined;
  const lineageOf = (): Lineage => (lineage ??= new Lineage(request));
  for (const resource of request.resources) {
    let facts: ResourceFacts | undefined;
    for (const scope of resource.scopes) {
      for (const span of scope.spans) {
        const op = genAiOperation(span.attributes);
        if (!op) {
          out.ignored++;
          continue;
        }
        facts ??= resourceFacts(resource.attributes, opts.aliases);
        const n = normalizeSpan(span, op, facts, lineageOf, opts);
        if ('signal' in n) out.signals.push(n.signal);
        else out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: n.error });
      }
    }
  }
  return out;
}

function resourceFacts(attrs: Attributes, aliases: AliasMap): ResourceFacts {
  const service = text(attrs, GENAI.serviceName);
  const device = text(attrs, GENAI.device);
  return {
    serviceName: service && !UNKNOWN_SERVICE.test(service) ? service : undefined,
    device: device ? aliases.device(device) : undefined,
    user: text(attrs, GENAI.user),
    session: text(attrs, GENAI.session),
  };
}

export function normalizeSpan(
  span: OtlpSpan,
  op: GenAiOperation,
  res: ResourceFacts,
  lineage: () => Lineage,
  opts: NormalizeOptions,
): { signal: SignalInput } | { error: string } {
  const badId = idProblem('trace_id', span.traceId, 16) ?? idProblem('span_id', span.spanId, 8);
  if (badId) return { error: `${where(span)}: ${badId}` };
  if (span.startMs <= 0) return { error: `${where(span)}: start_time_unix_nano is missing` };
  const time = toIsoMs(span.startMs);
  if (!time) return { error: `${where(span)}: start_time_unix_nano is out of range` };

  const a = span.attributes;
  let agentId = text(a, GENAI.agentId);
  let agentName = text(a, GENAI.agentName);
  let user = text(a, GENAI.user);
  let session = text(a, GENAI.session);
  let agentInferredFrom: string | undefined;
  if (!(agentId || agentName) || !user || !session) {
    const up = lineage().inherit(span);
    if (!(agentId || agentName) && (up.agentId || up.agentName)) {
      agentId = up.agentId;
      agentName = up.agentName;
      agentInferredFrom = 'parent_span';
    }
    user ??= up.user;
    session ??= up.session;
  }
  user ??= res.user;
  session ??= res.session;
  let agent = agentId ?? agentName;
  if (!agent && res.serviceName) {
    agent = res.serviceName;
    agentInferredFrom = 'service.name';
  }
  const tool = text(a, GENAI.toolName);

  const subjects: SignalInput['subjects'] = {};
  if (user) subjects.user = opts.aliases.user(user);
  if (agent) subjects.agent = agent;
  if (res.device) subjects.device = res.device;
  if (session) subjects.session = session;
  if (tool) subjects.tool = tool;
  if (Object.keys(subjects).length === 0) return { error: `${where(span)}: names no subject (no agent, user, session, tool, service.name or host)` };

  const attributes: Record<string, Attr> = { operation: op.operation, status: statusName(span.statusCode) };
  const put = (key: string, value: Attr | undefined): void => setAttr(attributes, key, value);
  put('span_name', span.name);
  put('span_kind', spanKindName(span.kind));
  put('duration_ms', span.durationMs);
  put('service_name', res.serviceName);
  put('agent_id', agentId);
  put('agent_name', agentName);
  put('agent_inferred_from', agentInferredFrom);
  put('conversation_id', text(a, GENAI.conversationId));
  put('provider', text(a, GENAI.provider));
  put('model', text(a, GENAI.model));
  put('response_model', text(a, GENAI.responseModel));
  const input = count(a, GENAI.inputTokens);
  const output = count(a, GENAI.outputTokens);
  put('input_tokens', input);
  put('output_tokens', output);
  if (input !== undefined || output !== undefined) put('total_tokens', (input ?? 0) + (output ?? 0));
  put('server_address', text(a, GENAI.serverAddress));
  put('tool_name', tool);
  put('tool_type', text(a, GENAI.toolType));
  put('tool_call_id', text(a, GENAI.toolCallId));
  put('mcp_method', text(a, GENAI.mcpMethod));
  put('mcp_session_id', text(a, GENAI.mcpSessionId));
  put('data_source', text(a, GENAI.dataSource));
  put('classification', classification(a, opts.classificationAttributes));
  put('error_type', text(a, GENAI.errorType));
  if (span.statusCode === 2) put('status_message', span.statusMessage);

  const trace: NonNullable<SignalInput['trace']> = { trace_id: span.traceId, span_id: span.spanId };
  if (!idProblem('parent_span_id', span.parentSpanId, 8)) trace.parent_span_id = span.parentSpanId;

  return {
    signal: {
      id: signalId('otlp', span.traceId, span.spanId),
      time,
      source: 'otlp',
      type: op.type,
      severity: span.statusCode === 2 ? SEVERITY.error : SEVERITY.ordinary,
      subjects,
      attributes,
      trace,
    },
  };
}

/** Sets a known, non-empty value; free text clipped to MAX_TEXT. */
function setAttr(attributes: Record<string, Attr>, key: string, value: Attr | undefined): void {
  if (value !== undefined && value !== '') attributes[key] = typeof value === 'string' ? value.slice(0, MAX_TEXT) : value;
}

/** Names a span in a dead-letter reason (built only when there is a problem). */
function where(span: OtlpSpan): string {
  return `span ${JSON.stringify(span.name.slice(0, 80))} (trace_id ${span.traceId.slice(0, 32) || '-'}, span_id ${span.spanId.slice(0, 16) || '-'})`;
}
