// What travels on `vigil.alerts`: the ECS document SIEMs read straight off the topic (Elastic Agent's
// Kafka input, Splunk Connect for Kafka), carrying the canonical Alert v1 under `vigil.alert` so every
// sink can re-encode it to its own format without loss.
import { AlertSchema, type Alert } from '@vigil/schemas';
import { encodeEcs } from './formats/index.js';

export const ALERT_TOPIC_SCHEMA = 'alert.v1+ecs';

export function alertTopicValue(alert: Alert): string {
  const ecs = encodeEcs(alert) as Record<string, unknown> & { vigil?: Record<string, unknown> };
  return JSON.stringify({ ...ecs, vigil: { ...(ecs.vigil ?? {}), alert } });
}

export type AlertRead = { ok: true; alert: Alert } | { ok: false; reason: string };

/** Reads the canonical alert back out of a `vigil.alerts` record value. */
export function alertFromTopicValue(value: Uint8Array): AlertRead {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const embedded = (doc as { vigil?: { alert?: unknown } } | null)?.vigil?.alert;
  if (embedded === undefined) return { ok: false, reason: 'no vigil.alert in the record (not written by Vigil, or an old format)' };
  const parsed = AlertSchema.safeParse(embedded);
  return parsed.success
    ? { ok: true, alert: parsed.data }
    : { ok: false, reason: `vigil.alert is not a valid Alert v1: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
}
