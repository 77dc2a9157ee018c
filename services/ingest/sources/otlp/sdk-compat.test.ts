// Records exactly as the OpenTelemetry JS SDK exports them (protobuf and JSON serializers of
// @opentelemetry/otlp-transformer), decoded by the otlp source: two resources, many traces per record.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '@vigil/schemas';
import { runSource, testContext } from '../../testing/source-harness.js';
import { decodeOtlpProto } from './decode-proto.js';
import { otlpSource } from './index.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const ctx = testContext({ aliasFile: { users: { 'carol@acme.example': ['ACME\\carol'] }, devices: { 'laptop-carol': ['LAPTOP-CAROL'] } } });

/** Builds spans through the real SDK pipeline: provider → SimpleSpanProcessor → InMemorySpanExporter. */
function sdk(resource: Attributes): { tracer: ReturnType<TracerProvider['getTracer']>; flush: () => Promise<ReadableSpan[]> } {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  return {
    tracer: provider.getTracer('acme.agents', '2.1.0'),
    flush: async () => {
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

function child(
  tracer: ReturnType<TracerProvider['getTracer']>,
  parent: Span,
  name: string,
  attributes: Attributes,
  startMs: number,
  kind = SpanKind.INTERNAL,
): Span {
  return tracer.startSpan(name, { kind, attributes, startTime: startMs }, trace.setSpan(ROOT_CONTEXT, parent));
}

let spans: ReadableSpan[] = [];

beforeAll(async () => {
  const a = sdk({ 'service.name': 'travel-assistant', 'host.name': 'LAPTOP-CAROL', 'session.id': 'resource-session' });
  for (let i = 0; i < 10; i++) {
    const t = T0 + i * 60_000;
    const root = a.tracer.startSpan('invoke_agent planner', {
      startTime: t,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.id': `agent-${i % 3}`,
        'gen_ai.agent.name': 'planner',
        'user.id': i % 2 ? 'ACME\\carol' : 'Bob@Acme.Example',
        'session.id': `s-${i}`,
      },
    });
    const chat = child(
      a.tracer,
      root,
      'chat gpt-4o',
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 100 + i,
        'gen_ai.usage.output_tokens': i,
      },
      t + 10,
      SpanKind.CLIENT,
    );
    chat.end(t + 20);
    const tool = child(
      a.tracer,
      root,
      'execute_tool search',
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search', 'gen_ai.tool.call.id': `call-${i}`, 'vigil.data.classification': 'Internal' },
      t + 30,
    );
    if (i === 7) tool.setStatus({ code: SpanStatusCode.ERROR, message: 'quota exceeded' });
    tool.end(t + 45);
    child(a.tracer, root, 'GET /forecast', { 'http.request.method': 'GET' }, t + 31, SpanKind.CLIENT).end(t + 40);
    root.end(t + 50);
  }
  const b = sdk({ 'service.name': 'hr-copilot', 'device.id': 'MDE-77' });
  for (let i = 0; i < 5; i++) {
    const t = T0 + 3_600_000 + i * 1000;
    b.tracer
      .startSpan('tools/call read-file', {
        kind: SpanKind.CLIENT,
        startTime: t,
        attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'read-file', 'enduser.id': 'carol@acme.example' },
      })
      .end(t + 5);
    b.tracer
      .startSpan('retrieval payroll', {
        startTime: t + 6,
        attributes: { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'payroll', 'data.classification': 'restricted' },
      })
      .end(t + 9);
  }
  spans = [...(await a.flush()), ...(await b.flush())];
});

const bySpanId = (signals: Signal[]): Map<string, Signal> => new Map(signals.map((s) => [s.trace!.span_id, s]));

describe('otlp source: records from the OpenTelemetry JS SDK', () => {
  it('decodes the protobuf and JSON serializations to the same signals', async () => {
    expect(spans).toHaveLength(50);
    const proto = ProtobufTraceSerializer.serializeRequest(spans)!;
    const json = JsonTraceSerializer.serializeRequest(spans)!;
    const fromProto = await runSource(otlpSource, proto, ctx);
    const fromJson = await runSource(otlpSource, json, ctx);
    const fromProtoExplicit = await runSource(otlpSource, proto, testContext({ ...ctx, settings: { encoding: 'otlp_proto' } }));
    const fromJsonExplicit = await runSource(otlpSource, json, testContext({ ...ctx, settings: { encoding: 'otlp_json' } }));
    for (const out of [fromProto, fromJson, fromProtoExplicit, fromJsonExplicit]) {
      expect(out.deadletters).toEqual([]);
      expect(out.ignored).toBe(10);
      expect(out.signals).toHaveLength(40);
    }
    expect(fromJson.signals).toEqual(fromProto.signals);
    expect(fromJsonExplicit.signals).toEqual(fromProto.signals);
    expect(fromProtoExplicit.signals).toEqual(fromProto.signals);
  });

  it('maps every SDK span to its signal: type, ids, time, tokens, subjects', async () => {
    const out = await runSource(otlpSource, ProtobufTraceSerializer.serializeRequest(spans)!, ctx);
    const signals = bySpanId(out.signals);
    const expectedType: Record<string, string> = {
      invoke_agent: 'agent.invocation',
      chat: 'agent.llm_call',
      execute_tool: 'agent.tool_call',
      retrieval: 'agent.retrieval',
    };
    let checked = 0;
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const s = signals.get(spanId);
      const op = span.attributes['gen_ai.operation.name'] as string | undefined;
      const mcp = span.attributes['mcp.method.name'] === 'tools/call';
      if (!op && !mcp) {
        expect(s).toBeUndefined();
        continue;
      }
      checked++;
      expect(s, span.name).toBeDefined();
      expect(s!.type).toBe(mcp ? 'agent.tool_call' : expectedType[op!]);
      expect(s!.trace).toEqual({ trace_id: traceId, span_id: spanId, ...(span.parentSpanContext ? { parent_span_id: span.parentSpanContext.spanId } : {}) });
      expect(s!.time).toBe(new Date(span.startTime[0] * 1000 + span.startTime[1] / 1e6).toISOString());
      expect(s!.attributes.span_name).toBe(span.name);
      if (op === 'chat') {
        const input = span.attributes['gen_ai.usage.input_tokens'] as number;
        const output = span.attributes['gen_ai.usage.output_tokens'] as number;
        expect(s!.attributes).toMatchObject({ input_tokens: input, output_tokens: output, total_tokens: input + output, provider: 'openai', model: 'gpt-4o' });
      }
    }
    expect(checked).toBe(40);
  });

  it('names agent, user, session and device, inheriting from the invoke_agent span within the record', async () => {
    const out = await runSource(otlpSource, JsonTraceSerializer.serializeRequest(spans)!, ctx);
    const invocations = out.signals.filter((s) => s.type === 'agent.invocation');
    expect(invocations.map((s) => s.subjects.agent)).toEqual([
      'agent-0',
      'agent-1',
      'agent-2',
      'agent-0',
      'agent-1',
      'agent-2',
      'agent-0',
      'agent-1',
      'agent-2',
      'agent-0',
    ]);
    expect(new Set(invocations.map((s) => s.subjects.user))).toEqual(new Set(['bob@acme.example', 'carol@acme.example']));
    const tools = out.signals.filter((s) => s.type === 'agent.tool_call' && s.subjects.tool === 'search');
    expect(tools).toHaveLength(10);
    for (const t of tools) {
      const parent = invocations.find((i) => i.trace!.span_id === t.trace!.parent_span_id)!;
      expect(t.subjects).toEqual({
        agent: parent.subjects.agent,
        user: parent.subjects.user,
        session: parent.subjects.session,
        device: 'laptop-carol',
        tool: 'search',
      });
      expect(t.attributes).toMatchObject({ agent_inferred_from: 'parent_span', classification: 'internal' });
    }
    expect(tools.filter((t) => t.severity === 30).map((t) => t.attributes.status_message)).toEqual(['quota exceeded']);
    const mcp = out.signals.filter((s) => s.subjects.tool === 'read-file');
    expect(mcp).toHaveLength(5);
    for (const m of mcp) expect(m.subjects).toEqual({ agent: 'hr-copilot', user: 'carol@acme.example', device: 'mde-77', tool: 'read-file' });
    const retrievals = out.signals.filter((s) => s.type === 'agent.retrieval');
    expect(retrievals.map((r) => r.attributes.classification)).toEqual(Array(5).fill('restricted'));
  });

  it('reads the 50-span protobuf record into the decoded model without loss', () => {
    const d = decodeOtlpProto(ProtobufTraceSerializer.serializeRequest(spans)!, { maxSpans: 10_000, maxAttributeDepth: 32 });
    if (!d.ok) throw new Error(d.reason);
    expect(d.request.spanCount).toBe(50);
    expect(d.request.resources.map((r) => r.attributes['service.name'])).toEqual(['travel-assistant', 'hr-copilot']);
    expect(d.request.resources[0]!.scopes[0]).toMatchObject({ scopeName: 'acme.agents', scopeVersion: '2.1.0' });
    const chat = d.request.resources[0]!.scopes[0]!.spans.find((s) => s.name === 'chat gpt-4o')!;
    expect(chat).toMatchObject({ kind: 3, durationMs: 10, statusCode: 0 });
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBeTypeOf('number');
  });
});
