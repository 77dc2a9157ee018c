// Ingest per source on one core: records per second through the real source path (parse, normalize,
// signal validation). OTLP records are what the OpenTelemetry JS SDK exports (50 GenAI spans a record,
// protobuf via the official serializer, and the sources' OTLP/JSON fixture); Okta records are System Log
// events; the other sources replay their own test fixtures (CAEP tokens are signed once, before timing).
import { readFileSync } from 'node:fs';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import * as ingest from '@vigil/ingest';
import { medianOf, rate } from './measure.js';

export async function otlpRecord(spans: number): Promise<Uint8Array> {
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

export function oktaRecord(i: number): Buffer {
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

const fixture = (source: string, name: string): Buffer => readFileSync(new URL(`../../services/ingest/sources/${source}/fixtures/${name}`, import.meta.url));

/** Entra: a risky Graph sign-in, an Event Hub batch, a risk detection and a risky user (7-digit fraction times). */
export function entraRecords(): Buffer[] {
  return ['graph-sign-in-risky.json', 'event-hub-batch.json', 'risk-detection.json', 'risky-user.json'].map((n) => fixture('entra', n));
}

const CAEP_ISSUER = 'https://idp.bench.example/';

/** CAEP: every payload fixture Vigil maps, re-issued and signed by one bench issuer; the settings trusting it. */
async function caepRecords(): Promise<{ values: Buffer[]; settings: Record<string, unknown> }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'EdDSA', use: 'sig' };
  const names = ['session-revoked.json', 'credential-change.json', 'risk-level-change.json', 'device-compliance-change.json', 'risc-account-disabled.json'];
  const values: Buffer[] = [];
  for (const name of names) {
    const payload = JSON.parse(fixture('caep', name).toString('utf8')) as Record<string, unknown>;
    delete payload.aud;
    const token = await new SignJWT({ ...payload, iss: CAEP_ISSUER })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'bench-1', typ: 'secevent+jwt' })
      .sign(privateKey);
    values.push(Buffer.from(token));
  }
  return { values, settings: { issuers: [{ issuer: CAEP_ISSUER, jwks: { keys: [jwk] } }] } };
}

export interface IngestFigures {
  otlpRecords: number;
  otlpSpans: number;
  okta: number;
  /** Records per second for every other case, by name (`otlp_json`, `entra`, …). */
  perSource: Record<string, number>;
}

/** The part of @vigil/ingest the timed loop calls: this checkout's, or another revision's (bench:ab). */
export interface IngestApi {
  createAliasMap(): unknown;
  sourceByName(name: string): { topic: string } | undefined;
  processRecord(source: unknown, record: unknown, ctx: unknown, opts: unknown): Promise<{ signals: unknown[]; deadletters: unknown[] }>;
}

/**
 * One timed run: `count` records cycling through `values`, each through processRecord; records/s. Record i
 * must give `expected[i % expected.length]` signals and no dead-letter, or the run fails.
 */
export function recordsRun(
  api: IngestApi,
  name: string,
  values: Buffer[],
  count: number,
  expected: number[],
  settings: Record<string, unknown> = {},
): () => Promise<number> {
  const source = api.sourceByName(name)!;
  const ctx = { aliases: api.createAliasMap(), settings, now: Date.now };
  return async () => {
    const t = performance.now();
    for (let i = 0; i < count; i++) {
      const record = { topic: source.topic, partition: 0, offset: String(i), key: null, value: values[i % values.length]! };
      const out = await api.processRecord(source, record, ctx, { maxRecordBytes: 4 << 20 });
      const want = expected[i % expected.length];
      if (out.signals.length !== want || out.deadletters.length)
        throw new Error(`${name}: record ${i} gave ${out.signals.length} signals and ${out.deadletters.length} dead-letters, expected ${want} and none`);
    }
    return rate(count, performance.now() - t);
  };
}

/** The signals each record gives through this checkout's ingest (each must give some, and no dead-letter). */
export async function signalCounts(name: string, values: Buffer[], settings: Record<string, unknown> = {}): Promise<number[]> {
  const source = ingest.sourceByName(name)!;
  const ctx = { aliases: ingest.createAliasMap(), settings, now: Date.now };
  const counts: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const record = { topic: source.topic, partition: 0, offset: String(i), key: null, value: values[i]! };
    const out = await ingest.processRecord(source, record, ctx, { maxRecordBytes: 4 << 20 });
    if (out.deadletters.length || out.signals.length === 0)
      throw new Error(`${name}: bench record ${i} gave ${out.signals.length} signals, ${out.deadletters[0]?.reason ?? 'no dead-letter'}`);
    counts.push(out.signals.length);
  }
  return counts;
}

export async function ingestBench(records: number, runs: number): Promise<IngestFigures> {
  const proto = Buffer.from(await otlpRecord(50));
  const oktaValues = Array.from({ length: records }, (_, i) => oktaRecord(i));
  /** Records/s of `count` records cycling through `values`; each must give the signals the first run gave, and no dead-letter. */
  const run = async (name: string, values: Buffer[], count: number, settings: Record<string, unknown> = {}): Promise<number> =>
    medianOf(runs, recordsRun(ingest, name, values, count, await signalCounts(name, values, settings), settings));
  const otlpRecords = await run('otlp', [proto], Math.max(10, Math.floor(records / 50)), { encoding: 'otlp_proto' });
  const okta = await run('okta', oktaValues, records);
  const caep = await caepRecords();
  const perSource: Record<string, number> = {
    otlp_json: await run('otlp', [fixture('otlp', 'agent-trace.json'), fixture('otlp', 'mcp-tool-call.json')], Math.max(10, Math.floor(records / 5)), {
      encoding: 'otlp_json',
    }),
    entra: await run('entra', entraRecords(), records),
    crowdstrike: await run(
      'crowdstrike',
      ['epp-detection.json', 'legacy-detection.json', 'alerts-response.json'].map((n) => fixture('crowdstrike', n)),
      records,
    ),
    defender: await run(
      'defender',
      ['graph-alert.json', 'legacy-alert-array.json'].map((n) => fixture('defender', n)),
      records,
    ),
    ocsf: await run(
      'ocsf',
      ['authentication-failure.json', 'detection-finding.json', 'compliance-finding.json', 'device-config-state-change.json'].map((n) => fixture('ocsf', n)),
      records,
    ),
    // Each token's signature is verified per record, as in production: this is the costly part.
    caep: await run('caep', caep.values, Math.max(10, Math.floor(records / 5)), caep.settings),
    signals: await run('signals', [fixture('signals', 'dlp-signal.json')], records),
  };
  return { otlpRecords, otlpSpans: otlpRecords * 50, okta, perSource };
}
