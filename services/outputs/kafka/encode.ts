// One alert → one Kafka record in the chosen format, keyed by the decision's subject (per-subject order).
import type { OutRecord } from '@vigil/bus';
import type { Alert } from '@vigil/schemas';
import { encodeAlert, type AlertFormat } from '../formats/index.js';

export function kafkaRecord(alert: Alert, topic: string, format: AlertFormat): OutRecord {
  const { body, contentType } = encodeAlert(alert, format);
  return { topic, key: alert.decision.subject, value: body, headers: { 'content-type': contentType, 'vigil-format': format, 'vigil-alert-id': alert.id } };
}
