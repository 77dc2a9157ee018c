import { describe, expect, it } from 'vitest';
import { SignalSchema } from '@vigil/schemas';
import { createAliasMap } from '../../aliases.js';
import { DEFAULT_CLASSIFICATION_ATTRIBUTES } from './settings.js';
import { newAttributes, type AttrValue, type OtlpRequest, type OtlpSpan } from './model.js';
import { normalizeRequest, type NormalizeOptions } from './normalize.js';

const opts: NormalizeOptions = {
  aliases: createAliasMap({ users: { 'eve@acme.example': ['ACME\\eve'] } }),
  classificationAttributes: DEFAULT_CLASSIFICATION_ATTRIBUTES,
};
const TRACE = '0af7651916cd43dd8448eb211c80319c';

let next = 1;
function span(attrs: Record<string, AttrValue>, over: Partial<OtlpSpan> = {}): OtlpSpan {
  const attributes = newAttributes();
  Object.assign(attributes, attrs);
  return {
    traceId: TRACE,
    spanId: (next++).toString(16).padStart(16, '0'),
    parentSpanId: '',
    name: 'span',
    kind: 1,
    startMs: Date.UTC(2026, 2, 2),
    durationMs: 3,
    attributes,
    statusCode: 0,
    statusMessage: '',
    ...over,
  };
}

function req(spans: OtlpSpan[], resource: Record<string, AttrValue> = { 'service.name': 'svc' }): OtlpRequest {
  const attributes = newAttributes();
  Object.assign(attributes, resource);
  return { resources: [{ attributes, scopes: [{ scopeName: '', scopeVersion: '', spans }] }], spanCount: spans.length, spansOverLimit: 0, problems: [] };
}

const one = (s: OtlpSpan, resource?: Record<string, AttrValue>) => normalizeRequest(req([s], resource), opts);

describe('otlp normalize: operations', () => {
  it.each([
    ['invoke_agent', 'agent.invocation'],
    ['create_agent', 'agent.invocation'],
    ['invoke_workflow', 'agent.invocation'],
    ['execute_tool', 'agent.tool_call'],
    ['chat', 'agent.llm_call'],
    ['generate_content', 'agent.llm_call'],
    ['text_completion', 'agent.llm_call'],
    ['embeddings', 'agent.llm_call'],
    ['retrieval', 'agent.retrieval'],
    [' Chat ', 'agent.llm_call'],
  ])('%s → %s', (operation, type) => {
    const out = one(span({ 'gen_ai.operation.name': operation }));
    expect(out.signals.map((s) => s.type)).toEqual([type]);
    expect(out.signals[0]!.attributes!.operation).toBe(operation.trim().toLowerCase());
  });

  it('ignores spans without a known GenAI operation, including MCP methods other than tools/call', () => {
    const out = normalizeRequest(
      req([
        span({}),
        span({ 'gen_ai.operation.name': 'plan' }),
        span({ 'gen_ai.operation.name': 'constructor' }),
        span({ 'mcp.method.name': 'resources/read' }),
      ]),
      opts,
    );
    expect(out).toEqual({ signals: [], ignored: 4, problems: [] });
  });
});

describe('otlp normalize: attributes', () => {
  it('sums the token counts it knows and ignores counts that are not whole non-negative numbers', () => {
    expect(one(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.output_tokens': '7' })).signals[0]!.attributes).toMatchObject({
      output_tokens: 7,
      total_tokens: 7,
    });
    const bad = one(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': -1, 'gen_ai.usage.output_tokens': 2.5 })).signals[0]!.attributes!;
    expect([bad.input_tokens, bad.output_tokens, bad.total_tokens]).toEqual([undefined, undefined, undefined]);
    // The current name wins over the older one.
    expect(
      one(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.prompt_tokens': 9 })).signals[0]!.attributes!.input_tokens,
    ).toBe(5);
  });

  it('keeps only the four classification levels, from the first configured attribute that holds one', () => {
    const cls = (attrs: Record<string, AttrValue>) => one(span({ 'gen_ai.operation.name': 'retrieval', ...attrs })).signals[0]!.attributes!.classification;
    expect(cls({ 'vigil.data.classification': ' Restricted ' })).toBe('restricted');
    expect(cls({ 'data.classification': 'PUBLIC' })).toBe('public');
    expect(cls({ 'vigil.data.classification': 'secret', 'data.classification': 'internal' })).toBe('internal');
    expect(cls({ 'vigil.data.classification': ['restricted'] })).toBeUndefined();
  });

  it('clips long free text so the signal still fits its schema', () => {
    const out = one(span({ 'gen_ai.operation.name': 'chat' }, { name: 'n'.repeat(20_000), statusCode: 2, statusMessage: 'm'.repeat(20_000) }));
    const s = out.signals[0]!;
    expect((s.attributes!.span_name as string).length).toBe(1024);
    expect(s.severity).toBe(30);
    expect(SignalSchema.safeParse(s).success).toBe(true);
  });

  it('leaves out a malformed parent id rather than failing the span', () => {
    const s = one(span({ 'gen_ai.operation.name': 'chat' }, { parentSpanId: 'abc' })).signals[0]!;
    expect(s.trace).toEqual({ trace_id: TRACE, span_id: s.trace!.span_id });
  });
});

describe('otlp normalize: subjects', () => {
  it('prefers the agent id, then its name, then the nearest ancestor in the record, then service.name', () => {
    const root = span({ 'gen_ai.agent.name': 'Root Agent', 'enduser.id': 'ACME\\eve' });
    const mid = span({ 'http.route': '/x' }, { parentSpanId: root.spanId });
    const tool = span({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 't' }, { parentSpanId: mid.spanId });
    const named = span({ 'gen_ai.operation.name': 'chat', 'gen_ai.agent.id': 'id-1', 'gen_ai.agent.name': 'Named' }, { parentSpanId: root.spanId });
    const orphan = span({ 'gen_ai.operation.name': 'chat' }, { parentSpanId: 'ffffffffffffffff' });
    const out = normalizeRequest(req([root, mid, tool, named, orphan]), opts);
    expect(out.ignored).toBe(2);
    expect(out.signals.map((s) => [s.subjects.agent, s.subjects.user, s.attributes!.agent_inferred_from])).toEqual([
      ['Root Agent', 'eve@acme.example', 'parent_span'],
      ['id-1', 'eve@acme.example', undefined],
      ['svc', undefined, 'service.name'],
    ]);
  });

  it('stops on a parent cycle in malformed input', () => {
    const a = span({ 'gen_ai.operation.name': 'chat' });
    const b = span({}, { parentSpanId: a.spanId });
    a.parentSpanId = b.spanId;
    const out = normalizeRequest(req([a, b]), opts);
    expect(out.signals[0]!.subjects).toEqual({ agent: 'svc' });
  });

  it('takes user and session from the resource when no span names them, and the device by alias', () => {
    const aliases = createAliasMap({ devices: { 'laptop-eve': ['EVE-PC'] } });
    const out = normalizeRequest(
      req([span({ 'gen_ai.operation.name': 'chat' })], {
        'service.name': 'svc',
        'user.id': 'Eve@Acme.Example',
        'session.id': 'S1',
        'host.id': 'machine-1',
        'host.name': 'EVE-PC',
      }),
      { ...opts, aliases },
    );
    expect(out.signals[0]!.subjects).toEqual({ agent: 'svc', user: 'eve@acme.example', session: 'S1', device: 'laptop-eve' });
  });

  it('does not take an SDK default service name as an agent; a span naming nothing is a problem', () => {
    const out = one(span({ 'gen_ai.operation.name': 'chat' }, { name: 'chat' }), { 'service.name': 'unknown_service:node' });
    expect(out.signals).toEqual([]);
    expect(out.problems).toEqual([
      {
        code: 'VIGIL_ERR_VALIDATION',
        reason: `span "chat" (trace_id ${TRACE}, span_id ${out.problems[0]!.reason.match(/span_id (\w+)/)![1]}): names no subject (no agent, user, session, tool, service.name or host)`,
      },
    ]);
  });

  it('reports a missing start time and bad ids per span', () => {
    const out = normalizeRequest(
      req([
        span({ 'gen_ai.operation.name': 'chat' }, { startMs: 0 }),
        span({ 'gen_ai.operation.name': 'chat' }, { spanId: 'XYZ' }),
        span({ 'gen_ai.operation.name': 'chat' }, { traceId: '' }),
      ]),
      opts,
    );
    expect(out.problems.map((p) => p.reason.replace(/^.*\): /, ''))).toEqual([
      'start_time_unix_nano is missing',
      'span_id is not hex: "XYZ"',
      'trace_id is missing',
    ]);
  });
});
