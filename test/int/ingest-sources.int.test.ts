// Every source end to end on Kafka: raw records produced onto the source's raw topic of a running ingest
// instance (with kafkajs; Okta also with kcat, a non-JavaScript client) come out as signals on
// `vigil.signals`, keyed by their primary subject. OTLP goes both as JSON and as the protobuf the
// collector's Kafka exporter sends by default (spans from the official SDK, serialized by otlp-transformer).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SOURCES, startIngest } from '@vigil/ingest';
import type { Runtime, Started } from '@vigil/runtime';
import { SignalSchema, primarySubjectKey, type Signal } from '@vigil/schemas';
import { createTopics, sharedKafka, uniqueTopics, type TestTopics, testKafka } from '../helpers/kafka.js';
import { connectTestRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait-for.js';
import { instance, newPipelineEnv } from './pipeline.js';
import { caepIssuerSettings, signedCaepRecords } from './caep-tokens.js';

const fixture = (source: string, name: string): string =>
  readFileSync(new URL(`../../services/ingest/sources/${source}/fixtures/${name}`, import.meta.url), 'utf8');

/** An `otlp_proto` record (ExportTraceServiceRequest bytes) of an agent invocation with one tool call. */
async function otlpProtoRecord(): Promise<Buffer> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'int-proto-agent', 'host.name': 'proto-host' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('int.proto', '1.0.0');
  const t0 = Date.UTC(2026, 2, 2, 9, 0, 0);
  const root = tracer.startSpan('invoke_agent proto', {
    startTime: t0,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.id': 'agent-proto', 'user.id': 'proto.user@acme.example' },
  });
  const tool = tracer.startSpan(
    'execute_tool lookup_invoice',
    {
      kind: SpanKind.INTERNAL,
      startTime: t0 + 10,
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_invoice', 'gen_ai.tool.call.id': 'call-proto-1' },
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  tool.end(t0 + 20);
  root.end(t0 + 30);
  await provider.forceFlush();
  const bytes = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
  await provider.shutdown();
  if (!bytes) throw new Error('ProtobufTraceSerializer produced no bytes');
  return Buffer.from(bytes);
}

/** One raw record per source and what it must yield: every listed type, and every signal id when given. */
const CASES: {
  name?: string;
  source: string;
  topicKey: keyof TestTopics;
  records: () => Promise<(string | Buffer)[]> | (string | Buffer)[];
  types: string[];
  match?: (s: Signal) => boolean;
  ids?: string[];
}[] = [
  {
    name: 'otlp (otlp_json)',
    source: 'otlp',
    topicKey: 'rawOtlp',
    records: () => [fixture('otlp', 'agent-trace.json')],
    types: ['agent.invocation', 'agent.llm_call', 'agent.tool_call', 'agent.retrieval'],
    match: (s) => s.subjects.user !== 'proto.user@acme.example',
  },
  {
    name: 'otlp (otlp_proto, official SDK + ProtobufTraceSerializer)',
    source: 'otlp',
    topicKey: 'rawOtlp',
    records: async () => [await otlpProtoRecord()],
    types: ['agent.invocation', 'agent.tool_call'],
    match: (s) => s.subjects.user === 'proto.user@acme.example' && s.subjects.agent === 'agent-proto',
  },
  {
    source: 'okta',
    topicKey: 'rawOkta',
    records: () => [fixture('okta', 'threat-and-grant.json')],
    types: ['auth.success', 'identity.privilege_grant', 'identity.threat'],
  },
  { source: 'entra', topicKey: 'rawEntra', records: () => [fixture('entra', 'risk-detection.json')], types: ['identity.risk'] },
  { source: 'caep', topicKey: 'rawCaep', records: () => signedCaepRecords(), types: ['session.revoked', 'identity.risk'] },
  { source: 'crowdstrike', topicKey: 'rawCrowdstrike', records: () => [fixture('crowdstrike', 'epp-detection.json')], types: ['endpoint.detection'] },
  { source: 'defender', topicKey: 'rawDefender', records: () => [fixture('defender', 'graph-alert.json')], types: ['endpoint.detection'] },
  {
    source: 'ocsf',
    topicKey: 'rawOcsf',
    records: () => [fixture('ocsf', 'detection-finding.json'), fixture('ocsf', 'authentication-failure.json')],
    types: ['endpoint.detection', 'auth.failure'],
  },
  {
    source: 'signals',
    topicKey: 'rawSignals',
    records: () => [fixture('signals', 'dlp-signal.json')],
    types: ['dlp.exfiltration'],
    // The producer's id is kept, its subjects go through the alias map's fallbacks, raw_ref is Vigil's.
    ids: ['dlp-7f3a2c8e-0001'],
    match: (s) => s.subjects.user === 'acme\\carol' && s.subjects.device === 'laptop-carol' && s.severity === 70,
  },
];

const kafka = testKafka('ingest-sources-test');
const producer = kafka.producer();

describe('ingest sources on Kafka', () => {
  let topics: TestTopics;
  let redis: TestRedis;
  let rt: Runtime;
  let ingest: Started;
  const signals: { key: string | null; signal: Signal }[] = [];
  const consumer = kafka.consumer({ groupId: `signals-reader-${Math.random()}`, maxWaitTimeInMs: 200 });

  beforeAll(async () => {
    topics = uniqueTopics('src');
    await createTopics(sharedKafka(), topics);
    redis = await connectTestRedis();
    const env = await newPipelineEnv(topics, redis.prefix);
    rt = await instance(env, 'ingest', undefined, { sources: { caep: await caepIssuerSettings() } });
    ingest = await startIngest(rt);
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: topics.signals, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void signals.push({ key: message.key?.toString() ?? null, signal: SignalSchema.parse(JSON.parse(message.value!.toString())) }),
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await ingest.stop();
    await rt.close();
    await redis.cleanup();
  });

  it('registers a case for every source', () => {
    expect([...new Set(CASES.map((c) => c.source))].sort()).toEqual(SOURCES.map((s) => s.name).sort());
  });

  for (const c of CASES) {
    it(`${c.name ?? c.source}: raw records on its topic become signals on vigil.signals`, async () => {
      await producer.send({ topic: topics[c.topicKey], messages: (await c.records()).map((value) => ({ value })) });
      const ofCase = (s: Signal): boolean => s.raw_ref?.topic === topics[c.topicKey] && (c.match?.(s) ?? true);
      const mine = await waitFor(
        () => {
          const got = signals.filter((s) => ofCase(s.signal));
          const complete = c.types.every((t) => got.some((s) => s.signal.type === t)) && (c.ids ?? []).every((id) => got.some((s) => s.signal.id === id));
          return got.length > 0 && complete ? got : undefined;
        },
        { timeoutMs: 30_000, message: `signals from ${c.name ?? c.source}` },
      );
      expect(c.types.length).toBeGreaterThan(0);
      for (const s of mine) {
        expect(c.types).toContain(s.signal.type);
        expect(s.signal.source).toBe(c.source === 'signals' ? 'custom' : SOURCES.find((x) => x.name === c.source)!.signalSource);
        expect(s.key).toBe(primarySubjectKey(s.signal.subjects));
      }
    });
  }

  it('okta: records produced with kcat (librdkafka) are ingested too', async () => {
    const event = JSON.parse(fixture('okta', 'session-start-failure.json'));
    event.uuid = 'kcat-produced-1';
    execFileSync('kcat', ['-b', inject('kafkaBrokers').join(','), '-t', topics.rawOkta, '-P'], { input: `${JSON.stringify(event)}\n` });
    await waitFor(() => signals.some((s) => s.signal.raw_ref?.topic === topics.rawOkta && s.signal.type === 'auth.failure'), {
      timeoutMs: 30_000,
      message: 'kcat-produced okta event ingested',
    });
  });
});
