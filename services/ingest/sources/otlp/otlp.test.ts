import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { accountFor, corpusFiles, problemsOf, runSource, testContext } from '../../testing/source-harness.js';
import { decodeOtlpJson } from './decode-json.js';
import { OtlpSettingsSchema, otlpSource, readOtlpSettings } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const ctx = testContext({ aliasFile: { users: { 'dana.ruiz@acme.example': ['ACME\\dana'] }, devices: { 'laptop-carol': ['LAPTOP-CAROL.acme.local'] } } });
const limits = { maxSpans: 10_000, maxAttributeDepth: 32 };

describe('otlp source: fixtures written from the GenAI semantic conventions', () => {
  it('turns an agent trace into one signal per GenAI span and ignores the HTTP span', async () => {
    const out = await runSource(otlpSource, fixture('agent-trace.json'), ctx);
    expect(out.deadletters).toEqual([]);
    expect(out.ignored).toBe(1);
    expect(out.signals.map((s) => s.type)).toEqual(['agent.invocation', 'agent.llm_call', 'agent.tool_call', 'agent.retrieval']);
    const [invoke, chat, tool, retrieval] = out.signals;
    expect(invoke).toMatchObject({
      source: 'otlp',
      time: '2026-03-02T09:15:04.123Z',
      severity: 10,
      subjects: { agent: 'asst_5j66UpCpwteGg4YSxUnt7lPY', user: 'carol.diaz@acme.example', session: 'sess-7f3a', device: 'laptop-carol' },
      attributes: {
        operation: 'invoke_agent',
        agent_name: 'Travel Planner',
        conversation_id: 'conv_5j66UpCpwteGg4YSxUnt7lPY',
        status: 'unset',
        span_name: 'invoke_agent Travel Planner',
        duration_ms: 5377,
        service_name: 'travel-assistant',
      },
      trace: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' },
      raw_ref: { topic: 'otlp_spans', partition: 0, offset: '0' },
    });
    expect(invoke!.attributes.agent_inferred_from).toBeUndefined();
    expect(chat).toMatchObject({
      subjects: { agent: 'asst_5j66UpCpwteGg4YSxUnt7lPY', user: 'carol.diaz@acme.example', session: 'sess-7f3a' },
      attributes: {
        provider: 'openai',
        model: 'gpt-4o',
        response_model: 'gpt-4o-2024-08-06',
        input_tokens: 97,
        output_tokens: 52,
        total_tokens: 149,
        server_address: 'api.openai.com',
        status: 'ok',
        span_kind: 'client',
        agent_inferred_from: 'parent_span',
      },
      trace: { parent_span_id: '00f067aa0ba902b7' },
    });
    expect(tool).toMatchObject({
      subjects: { tool: 'get_weather' },
      attributes: { tool_name: 'get_weather', tool_type: 'function', tool_call_id: 'call_mszuSIzqtI65i1wAUOE8w5H4', duration_ms: 250 },
    });
    expect(retrieval).toMatchObject({ attributes: { data_source: 'H7STPQYOND', classification: 'confidential', provider: 'azure.ai.search' } });
  });

  it('reads older attribute names, snake_case keys, enum names and numeric nanos', async () => {
    const out = await runSource(otlpSource, fixture('legacy-names.json'), ctx);
    expect(out.deadletters).toEqual([]);
    const [chat, retrieval] = out.signals;
    expect(chat).toMatchObject({
      type: 'agent.llm_call',
      time: '2026-03-02T09:15:04.123Z',
      severity: 30,
      subjects: { user: 'dana.ruiz@acme.example', agent: 'hr-copilot', device: 'fdbf79e8af94cb7f9e8df36789187052' },
      attributes: {
        provider: 'openai',
        input_tokens: 120,
        output_tokens: 30,
        total_tokens: 150,
        status: 'error',
        status_message: 'rate limited',
        span_kind: 'client',
        agent_inferred_from: 'service.name',
      },
    });
    expect(retrieval).toMatchObject({
      type: 'agent.retrieval',
      attributes: { data_source: 'payroll-db', classification: 'restricted' },
      trace: { parent_span_id: 'b9c7c989f97918e1' },
    });
    expect(retrieval!.attributes.duration_ms).toBeUndefined();
  });

  it('counts MCP tools/call spans as tool calls, and other MCP methods as ignored', async () => {
    const out = await runSource(otlpSource, fixture('mcp-tool-call.json'), ctx);
    expect(out.deadletters).toEqual([]);
    expect(out.ignored).toBe(1);
    expect(out.signals).toHaveLength(2);
    expect(out.signals[0]).toMatchObject({
      type: 'agent.tool_call',
      subjects: { tool: 'get-weather', agent: 'support-agent', device: 'mde-4f2a9c' },
      attributes: {
        operation: 'execute_tool',
        mcp_method: 'tools/call',
        mcp_session_id: '191c4850af6c49e08843a3f6c80e5046',
        server_address: 'mcp.weather.example',
      },
    });
    expect(out.signals[1]).toMatchObject({
      type: 'agent.tool_call',
      severity: 30,
      subjects: { tool: 'read-file' },
      attributes: { status: 'error', error_type: 'tool_error', status_message: 'permission denied', span_kind: 'server' },
    });
    // "top-secret" is not one of the four levels: left out rather than guessed.
    expect(out.signals[1]!.attributes.classification).toBeUndefined();
  });

  it('dead-letters spans with a bad id and still emits the good span of the same record', async () => {
    const out = await runSource(otlpSource, fixture('bad-ids.json'), ctx);
    expect(out.signals.map((s) => s.attributes.tool_name)).toEqual(['lookup_account']);
    expect(out.deadletters).toHaveLength(1);
    const problems = problemsOf(out);
    expect(problems.map((d) => d.code)).toEqual(['VIGIL_ERR_VALIDATION', 'VIGIL_ERR_VALIDATION']);
    expect(problems[0]!.reason).toContain('span_id must be 8 bytes (16 hex digits), got 12');
    expect(problems[0]!.reason).toContain('execute_tool transfer_funds');
    expect(problems[1]!.reason).toContain('trace_id is all zeros');
  });

  it('gives the same signal ids on redelivery, whatever the offset', async () => {
    const a = await runSource(otlpSource, fixture('agent-trace.json'), ctx);
    const b = await otlpSource.handle({ topic: 'otlp_spans', partition: 3, offset: '99', key: null, value: Buffer.from(fixture('agent-trace.json')) }, ctx);
    expect(b.signals.map((s) => s.id)).toEqual(a.signals.map((s) => s.id));
    expect(new Set(a.signals.map((s) => s.id)).size).toBe(4);
  });

  it('reads the classification from the configured attribute names only', async () => {
    const custom = testContext({ settings: { classificationAttributes: ['acme.sensitivity'] } });
    const doc = JSON.parse(fixture('agent-trace.json')) as { resourceSpans: { scopeSpans: { spans: { attributes: unknown[] }[] }[] }[] };
    doc.resourceSpans[0]!.scopeSpans[0]!.spans[3]!.attributes.push({ key: 'acme.sensitivity', value: { stringValue: 'PUBLIC' } });
    const out = await runSource(otlpSource, JSON.stringify(doc), custom);
    expect(out.signals[3]!.attributes.classification).toBe('public');
  });

  it('dead-letters every record with a config error when the settings are invalid', async () => {
    const out = await runSource(otlpSource, fixture('agent-trace.json'), testContext({ settings: { encoding: 'xml' } }));
    expect(out.signals).toEqual([]);
    expect(out.deadletters[0]).toMatchObject({ code: 'VIGIL_ERR_CONFIG' });
    expect(out.deadletters[0]!.reason).toContain('sources.otlp.encoding');
  });
});

describe('otlp source: docs/sources/otlp.md', () => {
  it('turns the example input into exactly the example signal', async () => {
    const doc = readFileSync(new URL('../../../../docs/sources/otlp.md', import.meta.url), 'utf8');
    const example = doc.slice(doc.indexOf('## Example'), doc.indexOf('## Dead-letter reasons'));
    const blocks = [...example.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    const out = await runSource(otlpSource, blocks[0]!, testContext({ aliasFile: { devices: { 'laptop-carol': ['LAPTOP-CAROL'] } } }));
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toEqual([JSON.parse(blocks[1]!)]);
  });
});

describe('otlp source: settings', () => {
  it('defaults every setting and accepts the YAML example of the docs', () => {
    expect(OtlpSettingsSchema.parse({})).toEqual({
      encoding: 'auto',
      maxSpansPerRecord: 10_000,
      maxAttributeDepth: 32,
      classificationAttributes: ['vigil.data.classification', 'data.classification'],
    });
    const doc = readFileSync(new URL('../../../../docs/sources/otlp.md', import.meta.url), 'utf8');
    const yaml = /## Settings[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const settings = (parseYaml(yaml) as { sources: { otlp: Record<string, unknown> } }).sources.otlp;
    expect(readOtlpSettings(settings)).toEqual({
      ok: true,
      settings: expect.objectContaining({ encoding: 'otlp_proto', classificationAttributes: ['acme.data.sensitivity', 'data.classification'] }),
    });
  });

  it('takes numbers and lists as strings (as env-style config gives them) and rejects unknown keys', () => {
    expect(OtlpSettingsSchema.parse({ maxSpansPerRecord: '500', classificationAttributes: 'a, b' })).toMatchObject({
      maxSpansPerRecord: 500,
      classificationAttributes: ['a', 'b'],
    });
    const bad = readOtlpSettings({ encodng: 'otlp_json', maxAttributeDepth: 0 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join('\n')).toMatch(/sources\.otlp\.maxAttributeDepth[\s\S]*encodng|encodng[\s\S]*sources\.otlp\.maxAttributeDepth/);
  });
});

describe('otlp source: the public corpus', () => {
  const files = corpusFiles('otlp');

  it('accounts for every corpus file', async () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    const totals = await accountFor(
      otlpSource,
      files.map((f) => f.text),
    );
    console.log('otlp corpus', totals);
    // The upstream example is a plain server span, not a GenAI one: understood and ignored.
    expect(totals).toEqual({ records: files.length, signals: 0, ignored: files.length, deadletters: 0 });
  });

  it('parses string and numeric nanos to the same instant, and upper-case hex ids to lower case', () => {
    for (const f of files) {
      const d = decodeOtlpJson(Buffer.from(f.text), limits);
      if (!d.ok) throw new Error(`${f.name}: ${d.reason}`);
      const span = d.request.resources[0]!.scopes[0]!.spans[0]!;
      expect(span, f.name).toMatchObject({
        startMs: 1544712660000,
        durationMs: 1000,
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: 'eee19b7ec3c1b173',
        kind: 2,
      });
      expect(d.request.resources[0]!.attributes['service.name']).toBe('my.service');
      expect(d.request.resources[0]!.scopes[0]!.scopeName).toBe('my.library');
    }
  });
});
