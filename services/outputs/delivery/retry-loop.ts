// Delivers one chunk of alerts with the sink's retry budget: delivered alerts leave the chunk, rejected ones
// are dead-lettered at once, retriable ones are tried again (only those) after a jittered backoff that honours
// Retry-After, until the budget runs out. Resolves with what must be dead-lettered; throws only on shutdown.
import { backoffDelayMs, isRetriable, VigilError } from '@vigil/core';
import type { Alert } from '@vigil/schemas';
import type { Logger } from '@vigil/telemetry';
import type { DeliverySettings } from '../kit/delivery-params.js';
import type { ItemOutcome, SinkTransport } from '../sink.js';
import type { SinkMetrics } from './metrics.js';

export interface DeliveryFailure<T> {
  item: T;
  reason: string;
}

export interface RetryLoopDeps {
  sink: string;
  transport: SinkTransport;
  settings: DeliverySettings;
  metrics: SinkMetrics;
  logger: Logger;
  signal: AbortSignal;
  heartbeat(): Promise<void>;
  random?: () => number;
  /** Replaces the backoff sleep (tests record the delays instead of waiting). */
  wait?: (ms: number) => Promise<void>;
}

/** Longest single sleep between heartbeats while backing off (well under a Kafka session timeout). */
const HEARTBEAT_SLICE_MS = 2000;

export async function deliverWithRetry<T extends { alert: Alert }>(chunk: readonly T[], deps: RetryLoopDeps): Promise<DeliveryFailure<T>[]> {
  const { settings, metrics, sink } = deps;
  const dead: DeliveryFailure<T>[] = [];
  let pending = [...chunk];
  for (let attempt = 0; pending.length; attempt++) {
    const outcomes = await attemptOnce(pending, deps);
    const again: { item: T; outcome: Extract<ItemOutcome, { ok: false }> }[] = [];
    outcomes.forEach((o, i) => {
      const item = pending[i]!;
      if (o.ok) metrics.sent.inc({ sink });
      else if (o.retriable) again.push({ item, outcome: o });
      else dead.push({ item, reason: o.reason });
    });
    if (!again.length) break;
    if (attempt >= settings.retries) {
      for (const { item, outcome } of again) dead.push({ item, reason: `gave up after ${attempt + 1} attempts: ${outcome.reason}` });
      break;
    }
    metrics.retried.inc({ sink }, again.length);
    const retryAfter = Math.max(0, ...again.map((a) => a.outcome.retryAfterMs ?? 0));
    const delayMs = Math.max(
      backoffDelayMs(attempt + 1, {
        initialDelayMs: settings.minBackoffMs,
        maxDelayMs: settings.maxBackoffMs,
        ...(deps.random ? { random: deps.random } : {}),
      }),
      Math.min(retryAfter, settings.maxBackoffMs),
    );
    deps.logger.warn({ sink, attempt: attempt + 1, alerts: again.length, delayMs, reason: again[0]!.outcome.reason }, 'delivery failed; retrying');
    await (deps.wait ? deps.wait(delayMs) : pause(delayMs, deps));
    pending = again.map((a) => a.item);
  }
  if (dead.length) metrics.failed.inc({ sink }, dead.length);
  return dead;
}

async function attemptOnce<T extends { alert: Alert }>(pending: readonly T[], deps: RetryLoopDeps): Promise<ItemOutcome[]> {
  const end = deps.metrics.latency.startTimer({ sink: deps.sink });
  let outcomes: ItemOutcome[];
  try {
    outcomes = await deps.transport.deliver(
      pending.map((p) => p.alert),
      { signal: deps.signal, heartbeat: deps.heartbeat },
    );
    if (outcomes.length !== pending.length)
      throw new VigilError('VIGIL_ERR_INTERNAL', `sink answered ${outcomes.length} outcomes for ${pending.length} alerts`, { retriable: true });
  } catch (err) {
    if (deps.signal.aborted)
      throw new VigilError('VIGIL_ERR_SHUTDOWN', `${deps.sink}: stopped during delivery; the batch is redelivered after restart`, { cause: err });
    const o: ItemOutcome = { ok: false, retriable: isRetriable(err), reason: err instanceof Error ? err.message : String(err) };
    outcomes = pending.map(() => o);
  } finally {
    end();
  }
  await deps.heartbeat();
  return outcomes;
}

/** Sleeps in slices, heartbeating between them; stopping the service cuts it short with a throw. */
async function pause(ms: number, deps: RetryLoopDeps): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (deps.signal.aborted) throw new VigilError('VIGIL_ERR_SHUTDOWN', `${deps.sink}: stopped while backing off; the batch is redelivered after restart`);
    const left = until - Date.now();
    if (left <= 0) return;
    await sleepUnlessAborted(Math.min(left, HEARTBEAT_SLICE_MS), deps.signal);
    await deps.heartbeat();
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
