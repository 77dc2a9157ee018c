// Test helpers for the correlator service: records as the bus hands them over, and a bus that gives the
// test the service's batch handler.
import { fileURLToPath } from 'node:url';
import type { BatchHandler, Bus, BusBatch, BusRecord, OutRecord } from '@vigil/bus';
import type { Store } from '@vigil/store';
import { createMetricsRegistry, silentLogger, type Registry } from '@vigil/telemetry';
import { loadRules } from '../rules/load.js';
import { CorrelatorService } from '../service.js';

export const TOPICS = { decisions: 'vigil.decisions', alerts: 'vigil.alerts', audit: 'vigil.audit' };

export function record(offset: number, value: string, partition = offset % 2): BusRecord {
  return { topic: 'vigil.signals', partition, offset: String(offset), key: null, value: Buffer.from(value), headers: {}, timestamp: 0 };
}

export function batch(records: BusRecord[]): BusBatch {
  return { topic: 'vigil.signals', partition: records[0]!.partition, records };
}

/** An Okta sign-in failure as a canonical signal, at minute `i` of 2026-03-02 09:00. */
export function failure(i: number, user = 'dana@acme.example'): string {
  return JSON.stringify({
    v: 1,
    id: `sig-${user}-${i}`,
    time: new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString(),
    source: 'okta',
    type: 'auth.failure',
    severity: 30,
    subjects: { user },
    attributes: {},
  });
}

export interface HeldBus {
  bus: Bus;
  handler: () => BatchHandler;
  published: OutRecord[][];
  /** Lets held publishes go, and every later one through at once. */
  release: () => void;
}

/** A bus that hands the test the service's batch handler; with `hold`, each publish of a decision waits for release(). */
export function heldBus(hold = true): HeldBus {
  let handler: BatchHandler | undefined;
  const published: OutRecord[][] = [];
  let open = !hold;
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

/** A started correlator service with the starter rules on `store`, its metrics beside it. */
export async function startService(bus: Bus, store: Store): Promise<{ service: CorrelatorService; metrics: Registry }> {
  const loaded = loadRules(fileURLToPath(new URL('../../../rules', import.meta.url)));
  if (!loaded.ok) throw new Error('starter rules do not load');
  const metrics = createMetricsRegistry();
  const service = new CorrelatorService(
    { groupId: 'g', signalsTopic: 'vigil.signals', deadletterTopic: 'vigil.deadletter', topics: TOPICS, tickMs: 60_000 },
    { bus, store, logger: silentLogger(), metrics, signingKey: undefined, ruleSet: loaded.ruleSet },
  );
  await service.start();
  return { service, metrics };
}

/** A counter's or histogram's value from the registry (`metric` names a histogram's series). */
export async function metricValue(metrics: Registry, name: string, metric = name): Promise<number | undefined> {
  const json = await metrics.getMetricsAsJSON();
  return json.find((m) => m.name === name)?.values.find((v) => (v as { metricName?: string }).metricName === metric || metric === name)?.value;
}
