// Ingest per source on one core: records per second through the real source path (parse, normalize,
// signal validation). OTLP records are what the OpenTelemetry JS SDK exports (50 GenAI spans a record,
// protobuf via the official serializer); Okta records are System Log events.
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createAliasMap, processRecord, sourceByName } from '@vigil/ingest';
import { medianOf, rate } from './measure.js';

async function otlpRecord(spans: number): Promise<Uint8Array> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'host.name': 'laptop-bench' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('bench');
  const root = tracer.startSpan('invoke_agent bench', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.id': 'bench-agent', 'user.id': 'bench@acme.example' },
  });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  for (let i = 1; i < spans; i++) {
    const tool = i % 2 === 0;
    tracer
      .startSpan(
        tool ? 'execute_tool crm.lookup' : 'chat gpt-4o',
        {
          attributes: tool
            ? {
                'gen_ai.operation.name': 'execute_tool',
                'gen_ai.tool.name': 'crm.lookup',
                'gen_ai.tool.call.id': `call-${i}`,
                'gen_ai.data_source.id': 'crm',
                'vigil.data.classification': 'confidential',
              }
            : {
                'gen_ai.operation.name': 'chat',
                'gen_ai.provider.name': 'openai',
                'gen_ai.request.model': 'gpt-4o',
                'gen_ai.usage.input_tokens': 1200,
                'gen_ai.usage.output_tokens': 300,
              },
        },
        ctx,
      )
      .end();
  }
  root.end();
  await provider.forceFlush();
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}

function oktaRecord(i: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      uuid: `bench-okta-${i}`,
      published: '2026-03-02T09:15:04.123Z',
      eventType: 'user.session.start',
      actor: { alternateId: `user${i % 1000}@acme.example`, type: 'User' },
      client: { ipAddress: '198.51.100.23', geographicalContext: { country: 'Portugal', city: 'Lisbon' } },
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      debugContext: { debugData: { threatSuspected: 'false', risk: '{level=LOW}' } },
    }),
  );
}

export async function ingestBench(records: number, runs: number): Promise<{ otlpRecords: number; otlpSpans: number; okta: number }> {
  const ctx = { aliases: createAliasMap(), settings: {}, now: Date.now };
  const otlp = sourceByName('otlp')!;
  const okta = sourceByName('okta')!;
  const proto = Buffer.from(await otlpRecord(50));
  const oktaValues = Array.from({ length: records }, (_, i) => oktaRecord(i));
  const run = async (source: typeof otlp, values: (i: number) => Buffer, count: number, expectSignals: number): Promise<number> =>
    medianOf(runs, async () => {
      const t = performance.now();
      for (let i = 0; i < count; i++) {
        const out = await processRecord(source, { topic: source.topic, partition: 0, offset: String(i), key: null, value: values(i) }, ctx, {
          maxRecordBytes: 4 << 20,
        });
        if (out.signals.length !== expectSignals) throw new Error(`${source.name}: expected ${expectSignals} signals, got ${out.signals.length}`);
      }
      return rate(count, performance.now() - t);
    });
  const otlpRecords = await run(otlp, () => proto, Math.max(10, Math.floor(records / 50)), 50);
  return { otlpRecords, otlpSpans: otlpRecords * 50, okta: await run(okta, (i) => oktaValues[i]!, records, 1) };
}
