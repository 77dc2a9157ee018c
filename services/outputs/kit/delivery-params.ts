// The parameters every sink takes: its name (consumer group and dead-letter topic) and its retry budget.
import { z } from 'zod';
import { durationParam, intParam } from './params.js';

export interface DeliverySettings {
  /** Attempts after the first before an alert is dead-lettered. */
  retries: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Alerts per request (or per socket write) to the SIEM. */
  batchSize: number;
}

export const DEFAULT_RETRIES = 10;
export const DEFAULT_MIN_BACKOFF = '250ms';
export const DEFAULT_MAX_BACKOFF = '30s';

/** Lower-case letters, digits, `-` and `_`: it becomes part of a consumer group and a topic name. */
export const SINK_NAME = /^[a-z0-9][a-z0-9_-]{0,47}$/;

export function deliveryParams(defaults: { batchSize: number; maxBatchSize?: number }) {
  return {
    name: z.string().regex(SINK_NAME, 'expected 1–48 of a-z, 0-9, - and _ (it names a consumer group and a topic)').optional(),
    retries: intParam(0, 1000).prefault(String(DEFAULT_RETRIES)),
    min_backoff: durationParam(1, 3_600_000).prefault(DEFAULT_MIN_BACKOFF),
    max_backoff: durationParam(1, 3_600_000).prefault(DEFAULT_MAX_BACKOFF),
    batch_size: intParam(1, defaults.maxBatchSize ?? 10_000).prefault(String(defaults.batchSize)),
  };
}

interface DeliveryInput {
  name?: string | undefined;
  retries: number;
  min_backoff: number;
  max_backoff: number;
  batch_size: number;
}

export function deliverySettings(type: string, p: DeliveryInput): { name: string; delivery: DeliverySettings } {
  return {
    name: p.name ?? type,
    delivery: { retries: p.retries, minBackoffMs: p.min_backoff, maxBackoffMs: Math.max(p.min_backoff, p.max_backoff), batchSize: p.batch_size },
  };
}
