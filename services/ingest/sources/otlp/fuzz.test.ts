// Property tests: whatever bytes arrive on otlp_spans, the source never throws and every record ends as
// signals, ignored spans or dead-letters with a reason.
import { readFileSync } from 'node:fs';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_RUNS, fuzzSource, rawRecord, runSource, testContext } from '../../testing/source-harness.js';
import { otlpSource } from './index.js';
import { encodeRequest, genAiSpan, unknownFields } from './test-proto.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const jsonSamples = ['agent-trace.json', 'legacy-names.json', 'mcp-tool-call.json', 'bad-ids.json'].map(fixture);
const protoSamples: Uint8Array[] = [];

beforeAll(async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'fuzz-agent', 'host.name': 'fuzz-host' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('fuzz');
  const root = tracer.startSpan('invoke_agent a', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'a', 'user.id': 'u@acme.example' },
  });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 3, tags: ['x', 'y'] } }, parent).end();
  tracer.startSpan('tools/call t', { attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 't', ratio: 0.5, ok: true } }, parent).end();
  root.end();
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  protoSamples.push(ProtobufTraceSerializer.serializeRequest(spans)!);
  jsonSamples.push(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));
  protoSamples.push(
    encodeRequest([
      {
        attributes: [
          ['service.name', 'svc'],
          ['device.id', 'dev-1'],
        ],
        extra: unknownFields,
        scopes: [
          {
            name: 's',
            spans: [
              genAiSpan(
                1,
                [
                  ['gen_ai.usage.input_tokens', 5n],
                  ['kv', { kv: [['a', [1n, 'b', { double: 1.5 }]]] }],
                  ['raw', { bytes: Uint8Array.from([0, 1]) }],
                ],
                { status: { code: 2, message: 'x' } },
              ),
              genAiSpan(
                2,
                [
                  ['gen_ai.operation.name', 'execute_tool'],
                  ['gen_ai.tool.name', 'tool'],
                ],
                { parentSpanId: `${'cd'.repeat(6)}0001`, extra: unknownFields },
              ),
            ],
          },
        ],
      },
    ]),
  );
});

/** Never a throw out of handle(), and every outcome accounted for with a reason. */
async function check(bytes: Uint8Array, settings: Record<string, unknown> = {}): Promise<void> {
  const ctx = testContext({ settings });
  const direct = await otlpSource.handle(rawRecord(otlpSource, bytes), ctx);
  expect(direct.signals.length + direct.ignored + direct.problems.length).toBeGreaterThan(0);
  for (const p of direct.problems) expect(p.reason.length).toBeGreaterThan(0);
  const out = await runSource(otlpSource, bytes, ctx);
  expect(out.deadletters.filter((d) => d.code === 'VIGIL_ERR_INTERNAL')).toEqual([]);
  // What normalize emits always fits the signal schema (process.ts would dead-letter it otherwise).
  expect(out.deadletters.filter((d) => d.reason.startsWith('normalized signal'))).toEqual([]);
}

/** Generous, so that a larger VIGIL_FUZZ_RUNS (a nightly soak) is not cut short. */
const SOAK = { timeout: 600_000 };

describe('otlp source: fuzz', () => {
  it('survives arbitrary bytes and mutated OTLP/JSON records', SOAK, async () => {
    await fuzzSource(otlpSource, jsonSamples);
  });

  it('survives arbitrary bytes read as protobuf', SOAK, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (bytes) => check(bytes, { encoding: 'otlp_proto' })),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('survives bit flips, truncation and inserted bytes in valid protobuf records', SOAK, async () => {
    const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 });
    const cut = fc.option(fc.nat(), { nil: undefined });
    const insert = fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...protoSamples),
        flips,
        cut,
        insert,
        fc.constantFrom('auto', 'otlp_proto'),
        async (sample, bits, cutAt, inserted, encoding) => {
          let bytes = Uint8Array.from(sample);
          for (const [i, bit] of bits) bytes[i % bytes.length]! ^= 1 << bit;
          if (inserted) {
            const at = inserted[0] % bytes.length;
            bytes = Uint8Array.from([...bytes.subarray(0, at), ...inserted[1], ...bytes.subarray(at)]);
          }
          if (cutAt !== undefined) bytes = bytes.subarray(0, cutAt % (bytes.length + 1));
          await check(bytes, { encoding });
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('starts the mutations from valid protobuf records that yield signals', async () => {
    for (const sample of protoSamples) {
      const out = await runSource(otlpSource, sample);
      expect(out.deadletters).toEqual([]);
      expect(out.signals.length).toBeGreaterThan(0);
    }
  });
});
