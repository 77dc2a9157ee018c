// The OpenTelemetry GenAI (and MCP) semantic conventions as Vigil reads them. The conventions are still
// "development": current and older attribute names are read together, the current name first.
import { DATA_CLASSIFICATIONS, type DataClassification } from '@vigil/schemas';
import type { AttrValue, Attributes } from './model.js';

/** `gen_ai.operation.name` → signal type. A Map, so that names like `constructor` never match. */
export const OPERATION_TYPES: ReadonlyMap<string, string> = new Map([
  ['invoke_agent', 'agent.invocation'],
  ['create_agent', 'agent.invocation'],
  ['invoke_workflow', 'agent.invocation'],
  ['execute_tool', 'agent.tool_call'],
  ['chat', 'agent.llm_call'],
  ['generate_content', 'agent.llm_call'],
  ['text_completion', 'agent.llm_call'],
  ['embeddings', 'agent.llm_call'],
  ['retrieval', 'agent.retrieval'],
]);

/** Attribute names, current first, then the older names still seen in the wild. */
export const GENAI = {
  operation: ['gen_ai.operation.name'],
  agentId: ['gen_ai.agent.id'],
  agentName: ['gen_ai.agent.name'],
  provider: ['gen_ai.provider.name', 'gen_ai.system'],
  model: ['gen_ai.request.model'],
  responseModel: ['gen_ai.response.model'],
  inputTokens: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  outputTokens: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  toolName: ['gen_ai.tool.name', 'mcp.tool.name'],
  toolType: ['gen_ai.tool.type'],
  toolCallId: ['gen_ai.tool.call.id'],
  dataSource: ['gen_ai.data_source.id'],
  conversationId: ['gen_ai.conversation.id'],
  serverAddress: ['server.address'],
  errorType: ['error.type'],
  mcpMethod: ['mcp.method.name'],
  mcpSessionId: ['mcp.session.id'],
  user: ['user.id', 'enduser.id'],
  session: ['session.id'],
  /** Resource attributes naming the machine, in order of preference (see docs/sources/otlp.md). */
  device: ['device.id', 'host.name', 'host.id'],
  serviceName: ['service.name'],
} as const satisfies Record<string, readonly string[]>;

export interface GenAiOperation {
  operation: string;
  type: string;
}

/** The span's GenAI operation, or undefined for spans outside the conventions (they are ignored). */
export function genAiOperation(attrs: Attributes): GenAiOperation | undefined {
  const op = text(attrs, GENAI.operation)?.toLowerCase();
  const type = op ? OPERATION_TYPES.get(op) : undefined;
  if (op && type) return { operation: op, type };
  // MCP tool calls are execute_tool spans even when the instrumentation does not say so.
  if (text(attrs, GENAI.mcpMethod) === 'tools/call') return { operation: 'execute_tool', type: 'agent.tool_call' };
  return undefined;
}

/** The first of `keys` holding a non-empty string (numbers are rendered), trimmed. */
export function text(attrs: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = scalarText(attrs[key]);
    if (v) return v;
  }
  return undefined;
}

/** The first of `keys` holding a non-negative integer (or its decimal string). */
export function count(attrs: Attributes, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const v = attrs[key];
    const n = typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : v;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  }
  return undefined;
}

/** The data classification named by the first configured attribute that holds one of the four levels. */
export function classification(attrs: Attributes, keys: readonly string[]): DataClassification | undefined {
  for (const key of keys) {
    const v = scalarText(attrs[key])?.toLowerCase();
    if (v && (DATA_CLASSIFICATIONS as readonly string[]).includes(v)) return v as DataClassification;
  }
  return undefined;
}

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;

export function spanKindName(kind: number): string | undefined {
  return kind > 0 ? SPAN_KINDS[kind] : undefined;
}

export function statusName(code: number): 'ok' | 'error' | 'unset' {
  return code === 1 ? 'ok' : code === 2 ? 'error' : 'unset';
}

function scalarText(v: AttrValue | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
