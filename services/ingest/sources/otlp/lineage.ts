// Who a span acts for when it does not say: agent frameworks name the agent, user and session on the
// invoke_agent (or HTTP) span and not on every chat / execute_tool span below it. The nearest ancestor
// in the same record that names them is used. Spans of one trace may arrive in other records, so this
// is best effort; it is deterministic for a given record (redelivery gives the same signals).
import { GENAI, text } from './genai.js';
import type { OtlpRequest, OtlpSpan } from './model.js';

export interface Inherited {
  agentId?: string;
  agentName?: string;
  user?: string;
  session?: string;
}

/** Bounds the walk up a parent chain (and breaks cycles in malformed input). */
const MAX_HOPS = 64;

export class Lineage {
  private readonly byId = new Map<string, OtlpSpan>();

  constructor(request: OtlpRequest) {
    for (const resource of request.resources)
      for (const scope of resource.scopes) for (const span of scope.spans) if (span.spanId) this.byId.set(span.traceId + span.spanId, span);
  }

  /** The agent, user and session named by the nearest ancestors of `span` (each looked up separately). */
  inherit(span: OtlpSpan): Inherited {
    const found: Inherited = {};
    let agentFound = false;
    let parentId = span.parentSpanId;
    for (let hop = 0; parentId && hop < MAX_HOPS; hop++) {
      const parent = this.byId.get(span.traceId + parentId);
      if (!parent) break;
      const a = parent.attributes;
      if (!agentFound) {
        found.agentId = text(a, GENAI.agentId);
        found.agentName = text(a, GENAI.agentName);
        agentFound = Boolean(found.agentId || found.agentName);
      }
      found.user ??= text(a, GENAI.user);
      found.session ??= text(a, GENAI.session);
      if (agentFound && found.user && found.session) break;
      parentId = parent.parentSpanId;
    }
    return found;
  }
}
