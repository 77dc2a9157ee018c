import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Bus, BusRecord } from '@vigil/bus';
import { createMetricsRegistry, silentLogger, type Registry } from '@vigil/telemetry';
import { createAliasMap } from './aliases.js';
import { IngestService } from './service.js';
import { oktaSource } from './sources/okta/index.js';
import { otlpSource } from './sources/otlp/index.js';

const okta = (name: string): string => readFileSync(new URL(`./sources/okta/fixtures/${name}`, import.meta.url), 'utf8');
const rec = (topic: string, value: string, offset: string): BusRecord => ({
  topic,
  partition: 0,
  offset,
  key: null,
  value: Buffer.from(value),
  headers: {},
  timestamp: 0,
});

async function counters(metrics: Registry): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of await metrics.getMetricsAsJSON()) {
    if (!m.name.startsWith('vigil_ingest_')) continue;
    for (const v of m.values) out[`${m.name}{${String(v.labels.source)}}`] = v.value;
  }
  return out;
}

describe('ingest service counters', () => {
  it('counts per source: records received, signals emitted, events dead-lettered and ignored', async () => {
    const metrics = createMetricsRegistry();
    const service = new IngestService(
      {
        groupId: 'g',
        maxRecordBytes: 1 << 20,
        signalsTopic: 'vigil.signals',
        deadletterTopic: 'vigil.deadletter',
        sources: [
          { source: oktaSource, topic: 'vigil.raw.okta', settings: {} },
          { source: otlpSource, topic: 'otlp_spans', settings: { encoding: 'otlp_json' } },
        ],
      },
      { bus: {} as Bus, aliases: createAliasMap(), logger: silentLogger(), metrics, now: () => 0 },
    );
    // threat-and-grant.json: 3 signals and 1 ignored event; then a batch with two bad events in one record.
    const first = await service.handle(rec('vigil.raw.okta', okta('threat-and-grant.json'), '0'));
    const second = await service.handle(rec('vigil.raw.okta', '[{"uuid":"x"},{"uuid":"y"}]', '1'));
    await service.handle(rec('otlp_spans', 'not json', '0'));
    expect(first.map((r) => r.topic)).toEqual(['vigil.signals', 'vigil.signals', 'vigil.signals']);
    // One dead-letter record for the record's two problems.
    expect(second.map((r) => r.topic)).toEqual(['vigil.deadletter']);
    expect(await counters(metrics)).toEqual({
      'vigil_ingest_received_total{okta}': 2,
      'vigil_ingest_received_total{otlp}': 1,
      'vigil_ingest_emitted_total{okta}': 3,
      'vigil_ingest_deadlettered_total{okta}': 2,
      'vigil_ingest_deadlettered_total{otlp}': 1,
      'vigil_ingest_ignored_total{okta}': 1,
    });
  });
});
