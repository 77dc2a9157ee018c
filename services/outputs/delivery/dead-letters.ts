// Dead-letter records the outputs service writes: alerts a sink could not deliver go to the sink's own
// topic `<deadletter>.<sink>` (e.g. `vigil.deadletter.splunk-hec`); records on the alerts topic that are not
// Vigil alerts go to `vigil.deadletter`. Both keep the original record bytes, so they can be replayed.
import type { BusRecord, OutRecord } from '@vigil/bus';
import type { ErrorCode } from '@vigil/core';
import { buildDeadLetter } from '@vigil/schemas';

export function sinkDeadletterTopic(deadletterTopic: string, sinkName: string): string {
  return `${deadletterTopic}.${sinkName}`;
}

/** Keyed by alert id, so one alert's dead-letters stay together and are easy to find. */
export function undeliveredRecord(topic: string, sinkName: string, record: BusRecord, alertId: string, reason: string, now?: number): OutRecord {
  const dl = buildDeadLetter(`outputs.${sinkName}`, record, 'VIGIL_ERR_DELIVERY', reason, now);
  return { topic, key: alertId, value: JSON.stringify(dl), headers: { 'vigil-schema': 'deadletter.v1' } };
}

export function unreadableRecord(topic: string, record: BusRecord, code: ErrorCode, reason: string, now?: number): OutRecord {
  const dl = buildDeadLetter('outputs', record, code, reason, now);
  return { topic, key: record.topic, value: JSON.stringify(dl), headers: { 'vigil-schema': 'deadletter.v1' } };
}
