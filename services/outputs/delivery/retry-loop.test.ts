import { VigilError } from '@vigil/core';
import type { Alert } from '@vigil/schemas';
import { createMetricsRegistry, silentLogger } from '@vigil/telemetry';
import { describe, expect, it } from 'vitest';
import { manyAlerts } from '../testing/harness.js';
import type { ItemOutcome, SinkTransport } from '../sink.js';
import { sinkMetrics } from './metrics.js';
import { deliverWithRetry, type RetryLoopDeps } from './retry-loop.js';

/** A transport answering from a script: `script(alertId, attempt)` per alert, or throwing for the whole call. */
function scripted(script: (id: string, attempt: number) => ItemOutcome | Error): SinkTransport & { calls: string[][] } {
  const seen = new Map<string, number>();
  const calls: string[][] = [];
  return {
    calls,
    async deliver(alerts: readonly Alert[]) {
      calls.push(alerts.map((a) => a.id));
      const out: ItemOutcome[] = [];
      for (const a of alerts) {
        const n = (seen.get(a.id) ?? 0) + 1;
        seen.set(a.id, n);
        const r = script(a.id, n);
        if (r instanceof Error) throw r;
        out.push(r);
      }
      return out;
    },
    async close() {},
  };
}

function deps(
  transport: SinkTransport,
  overrides: Partial<RetryLoopDeps> = {},
): RetryLoopDeps & { waits: number[]; registry: ReturnType<typeof createMetricsRegistry> } {
  const registry = createMetricsRegistry();
  const waits: number[] = [];
  return {
    sink: 's',
    transport,
    settings: { retries: 3, minBackoffMs: 100, maxBackoffMs: 1000, batchSize: 10 },
    metrics: sinkMetrics(registry),
    logger: silentLogger(),
    signal: new AbortController().signal,
    heartbeat: async () => {},
    random: () => 1,
    wait: async (ms) => void waits.push(ms),
    waits,
    registry,
    ...overrides,
  };
}

async function value(d: ReturnType<typeof deps>, name: string): Promise<number> {
  return ((await d.registry.getSingleMetric(name)?.get())?.values ?? []).reduce((s, v) => s + v.value, 0);
}

const items = (n: number) => manyAlerts(n, 'r', 'alert-shadow-retrieval').map((alert) => ({ alert }));

describe('deliverWithRetry', () => {
  it('retries only the items that failed retriably, dead-letters rejections at once', async () => {
    const t = scripted((id, n) => {
      if (id === 'alr_r_1') return n < 3 ? { ok: false, retriable: true, reason: '503' } : { ok: true };
      if (id === 'alr_r_2') return { ok: false, retriable: false, reason: '400 bad document' };
      return { ok: true };
    });
    const d = deps(t);
    const dead = await deliverWithRetry(items(4), d);
    expect(dead.map((f) => [f.item.alert.id, f.reason])).toEqual([['alr_r_2', '400 bad document']]);
    expect(t.calls).toEqual([['alr_r_0', 'alr_r_1', 'alr_r_2', 'alr_r_3'], ['alr_r_1'], ['alr_r_1']]);
    expect(await value(d, 'vigil_output_sent_total')).toBe(3);
    expect(await value(d, 'vigil_output_retried_total')).toBe(2);
    expect(await value(d, 'vigil_output_failed_total')).toBe(1);
    const latency = (await d.registry.getSingleMetric('vigil_output_delivery_seconds')!.get()).values as { metricName?: string; value: number }[];
    expect(latency.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(3);
  });

  it('backs off exponentially up to max_backoff, and dead-letters with the last reason when the budget is spent', async () => {
    const t = scripted(() => ({ ok: false, retriable: true, reason: 'HTTP 503: busy' }));
    const d = deps(t, { settings: { retries: 5, minBackoffMs: 100, maxBackoffMs: 1000, batchSize: 10 } });
    const dead = await deliverWithRetry(items(2), d);
    expect(d.waits).toEqual([100, 200, 400, 800, 1000]);
    expect(t.calls).toHaveLength(6);
    expect(dead.map((f) => f.reason)).toEqual(['gave up after 6 attempts: HTTP 503: busy', 'gave up after 6 attempts: HTTP 503: busy']);
  });

  it('waits at least what Retry-After asks, capped at max_backoff', async () => {
    const t = scripted((_id, n) =>
      n === 1
        ? { ok: false, retriable: true, reason: '429', retryAfterMs: 700 }
        : n === 2
          ? { ok: false, retriable: true, reason: '429', retryAfterMs: 60_000 }
          : { ok: true },
    );
    const d = deps(t, { random: () => 0 });
    expect(await deliverWithRetry(items(1), d)).toEqual([]);
    expect(d.waits).toEqual([700, 1000]);
  });

  it('classifies a thrown error by its retriable flag', async () => {
    let refused = false;
    const down = scripted(() => (refused ? { ok: true } : ((refused = true), new VigilError('VIGIL_ERR_DELIVERY', 'ECONNREFUSED'))));
    expect(await deliverWithRetry(items(2), deps(down))).toEqual([]);
    expect(down.calls).toHaveLength(2);
    const bug = scripted(() => new TypeError('x is not a function'));
    const dead = await deliverWithRetry(items(1), deps(bug));
    expect(dead.map((f) => f.reason)).toEqual(['x is not a function']);
    expect(bug.calls).toHaveLength(1);
  });

  it('throws (so nothing is committed) when the service stops while it backs off', async () => {
    const stop = new AbortController();
    const t = scripted(() => ({ ok: false, retriable: true, reason: '503' }));
    const d = deps(t, { signal: stop.signal, wait: undefined, settings: { retries: 3, minBackoffMs: 60_000, maxBackoffMs: 60_000, batchSize: 10 } });
    const running = deliverWithRetry(items(1), d);
    setImmediate(() => stop.abort());
    await expect(running).rejects.toMatchObject({ code: 'VIGIL_ERR_SHUTDOWN' });
  });

  it('heartbeats after each attempt and while backing off', async () => {
    let beats = 0;
    const t = scripted((_id, n) => (n < 3 ? { ok: false, retriable: true, reason: '503' } : { ok: true }));
    await deliverWithRetry(items(1), deps(t, { heartbeat: async () => void beats++ }));
    expect(beats).toBe(3);
  });
});
