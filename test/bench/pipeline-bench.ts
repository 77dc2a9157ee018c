// The embedded pipeline: raw Okta events → ingest → correlator → decision, all on the in-memory bus.
// Throughput with a flood of events; latency with events handed in one at a time.
import { loadSettings } from '@vigil/core';
import { startCorrelator } from '@vigil/correlator';
import { startIngest } from '@vigil/ingest';
import { createRuntime } from '@vigil/runtime';
import type { Decision } from '@vigil/schemas';
import { silentLogger } from '@vigil/telemetry';
import { percentile, rate } from './measure.js';

/** An Okta session clear for one user: session.revoked → rule r10 blocks that user (one decision each). */
export function sessionClear(i: number, tag: string): string {
  return JSON.stringify({
    uuid: `${tag}-${i}`,
    published: new Date(Date.now()).toISOString(),
    eventType: 'user.session.clear',
    actor: { alternateId: `${tag}-user${i}@acme.example`, type: 'User' },
    outcome: { result: 'SUCCESS' },
  });
}

export async function pipelineBench(events: number, latencySamples: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const rt = await createRuntime(loadSettings({ env: {}, overrides: { logLevel: 'silent' } }), { logger: silentLogger() });
  const waiting = new Map<string, (d: Decision) => void>();
  let decided = 0;
  let allDone: (() => void) | undefined;
  const correlator = await startCorrelator(rt, {
    onDecision: (d) => {
      decided++;
      waiting.get(d.subject)?.(d);
      if (decided === events && allDone) allDone();
    },
  });
  const ingest = await startIngest(rt);
  try {
    // Throughput: hand in every event, in producer-sized chunks, and wait for the last decision.
    const done = new Promise<void>((r) => (allDone = r));
    const t = performance.now();
    for (let i = 0; i < events; i += 500) {
      await rt.bus.publish(
        Array.from({ length: Math.min(500, events - i) }, (_, j) => ({ topic: rt.topics.rawOkta, key: null, value: sessionClear(i + j, 'flood') })),
      );
    }
    await done;
    const perSecond = rate(events, performance.now() - t);

    // Latency: one event at a time, from handing it in to its decision being published.
    const latencies: number[] = [];
    for (let i = 0; i < latencySamples; i++) {
      const subject = `user:lat-user${i}@acme.example`;
      const decision = new Promise<void>((r) => waiting.set(subject, () => r()));
      const start = performance.now();
      await rt.bus.publish([{ topic: rt.topics.rawOkta, key: null, value: sessionClear(i, 'lat') }]);
      await decision;
      latencies.push(performance.now() - start);
      waiting.delete(subject);
    }
    return { perSecond, p50: percentile(latencies.slice(latencySamples / 10), 50), p99: percentile(latencies.slice(latencySamples / 10), 99) };
  } finally {
    await ingest.stop();
    await correlator.stop();
    await rt.close();
  }
}
