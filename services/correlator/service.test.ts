import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BatchHandler, Bus, BusBatch, BusRecord, OutRecord } from '@vigil/bus';
import { DeadLetterSchema } from '@vigil/schemas';
import { MemoryStore } from '@vigil/store';
import { createMetricsRegistry, silentLogger } from '@vigil/telemetry';
import { loadRules } from './rules/load.js';
import { CorrelatorService } from './service.js';

const TOPICS = { decisions: 'vigil.decisions', alerts: 'vigil.alerts', audit: 'vigil.audit' };

function record(offset: number, value: string): BusRecord {
  return { topic: 'vigil.signals', partition: offset % 2, offset: String(offset), key: null, value: Buffer.from(value), headers: {}, timestamp: 0 };
}

function failure(i: number): string {
  return JSON.stringify({
    v: 1,
    id: `sig-${i}`,
    time: new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString(),
    source: 'okta',
    type: 'auth.failure',
    severity: 30,
    subjects: { user: 'dana@acme.example' },
    attributes: {},
  });
}

/** A bus that hands the test the service's batch handler and holds each publish until the test lets it go. */
function heldBus(): { bus: Bus; handler: () => BatchHandler; published: OutRecord[][]; release: () => void } {
  let handler: BatchHandler | undefined;
  const published: OutRecord[][] = [];
  let open = false;
  const waiting: (() => void)[] = [];
  const bus: Bus = {
    kind: 'memory',
    ensureTopics: async () => undefined,
    publish: async (records) => {
      published.push(records);
      if (!open && records.some((r) => r.topic === TOPICS.decisions)) await new Promise<void>((r) => waiting.push(r));
    },
    subscribe: async (options) => {
      handler = options.handler;
      return { stop: async () => undefined, caughtUp: true };
    },
    close: async () => undefined,
  };
  return {
    bus,
    handler: () => handler!,
    published,
    release: () => {
      open = true;
      for (const w of waiting.splice(0)) w();
    },
  };
}

describe('correlator service', () => {
  it('dead-letters what it cannot read, per batch, while batches that arrive meanwhile wait their turn', async () => {
    const loaded = loadRules(fileURLToPath(new URL('../../rules', import.meta.url)));
    if (!loaded.ok) throw new Error('starter rules do not load');
    const metrics = createMetricsRegistry();
    const { bus, handler, published, release } = heldBus();
    const service = new CorrelatorService(
      { groupId: 'g', signalsTopic: 'vigil.signals', deadletterTopic: 'vigil.deadletter', topics: TOPICS, tickMs: 60_000 },
      { bus, store: new MemoryStore(), logger: silentLogger(), metrics, signingKey: undefined, ruleSet: loaded.ruleSet },
    );
    await service.start();
    const batch = (records: BusRecord[]): BusBatch => ({ topic: 'vigil.signals', partition: records[0]!.partition, records });

    // Five failures decide (r1); the decision's publish is held, so the next two batches arrive while it is in flight.
    const first = handler()(batch([0, 1, 2, 3, 4].map((i) => record(i, failure(i)))));
    await new Promise((r) => setTimeout(r, 20));
    const garbage = '{"this is":not json';
    const second = handler()(batch([record(5, garbage), record(7, failure(5))]));
    const third = handler()(batch([record(9, JSON.stringify({ v: 1, id: 'x', type: 'auth.failure' }))]));
    await new Promise((r) => setTimeout(r, 20));
    expect(published.filter((p) => p.some((r) => r.topic === TOPICS.decisions))).toHaveLength(1);
    release();

    expect(await first).toEqual([]);
    const [parseDead] = await second;
    const [validationDead] = await third;
    const parsed = DeadLetterSchema.parse(JSON.parse(String(parseDead!.value)));
    expect(parseDead!.topic).toBe('vigil.deadletter');
    expect(parsed.code).toBe('VIGIL_ERR_PARSE');
    expect(Buffer.from(parsed.value_b64, 'base64').toString()).toBe(garbage);
    expect(parsed.source).toMatchObject({ topic: 'vigil.signals', offset: '5' });
    const invalid = DeadLetterSchema.parse(JSON.parse(String(validationDead!.value)));
    expect(invalid.code).toBe('VIGIL_ERR_VALIDATION');
    expect(invalid.reason).toMatch(/not a valid signal: .*time/);
    expect(invalid.source).toMatchObject({ offset: '9' });

    const json = await metrics.getMetricsAsJSON();
    const value = (name: string, metric = name): number | undefined =>
      json.find((m) => m.name === name)?.values.find((v) => (v as { metricName?: string }).metricName === metric || metric === name)?.value;
    // Six valid signals in all, two records refused; the two batches that waited were evaluated as one.
    expect(value('vigil_correlator_signals_total')).toBe(6);
    expect(value('vigil_correlator_batch_seconds', 'vigil_correlator_batch_seconds_count')).toBe(2);
    expect(value('vigil_correlator_invalid_total')).toBe(2);
    await service.stop();
  });
});
