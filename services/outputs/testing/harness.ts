// Runs the real outputs service (startOutputs) on an in-memory bus for sink tests: publish alerts the way
// the correlator does, read what landed on the dead-letter topics, stop.
import { MemoryBus } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { DeadLetterSchema, TOPICS, type Alert, type DeadLetter } from '@vigil/schemas';
import { silentLogger, type Logger } from '@vigil/telemetry';
import { alertTopicValue } from '../alert-topic.js';
import { startOutputs, type OutputsService } from '../main.js';
import { fixtureAlerts } from '../formats/testing/alerts.js';

export interface OutputsHarness {
  rt: Runtime;
  bus: MemoryBus;
  service: OutputsService;
  publish(alerts: readonly Alert[]): Promise<void>;
  deadLetters(topic: string): DeadLetter[];
  stop(): Promise<void>;
}

export async function startOutputsHarness(outputs: string, env: Record<string, string> = {}, logger: Logger = silentLogger()): Promise<OutputsHarness> {
  const bus = new MemoryBus({ retryInitialMs: 5, retryMaxMs: 50 });
  const rt = await createRuntime(loadSettings({ env: {}, overrides: { outputs, logLevel: 'silent' } }), { bus, logger });
  const service = await startOutputs(rt, { env });
  return {
    rt,
    bus,
    service,
    publish: (alerts) => bus.publish(alerts.map((a) => ({ topic: TOPICS.alerts, key: a.decision.subject, value: alertTopicValue(a) }))),
    deadLetters: (topic) => bus.records(topic).map((r) => DeadLetterSchema.parse(JSON.parse(r.value.toString('utf8')))),
    stop: async () => {
      await service.stop();
      await rt.close();
    },
  };
}

/**
 * `n` distinct valid alerts, each with its own id `alr_<prefix>_<i>`: the fixtures cycled (four subjects, on
 * whichever partitions their keys hash to), or one fixture only (one subject: one partition, one ordered stream
 * of batches).
 */
export function manyAlerts(n: number, prefix = 't', fixture?: string): Alert[] {
  const fixtures = fixtureAlerts()
    .filter((f) => fixture === undefined || f.name === fixture)
    .map((f) => f.alert);
  return Array.from({ length: n }, (_, i) => ({ ...structuredClone(fixtures[i % fixtures.length]!), id: `alr_${prefix}_${i}` }));
}

/** The alert ids inside a dead-letter's original record. */
export function deadLetterAlertId(dl: DeadLetter): string | undefined {
  const doc = JSON.parse(Buffer.from(dl.value_b64, 'base64').toString('utf8')) as { vigil?: { alert?: { id?: string } } };
  return doc.vigil?.alert?.id;
}
