// How correlator outputs become bus records: decisions signed (detached JWS header) and keyed by subject,
// alerts and audit records keyed by subject.
import type { OutRecord } from '@vigil/bus';
import { SIGNATURE_HEADER, toIsoMs, type Alert, type Audit, type Decision } from '@vigil/schemas';
import { ALERT_TOPIC_SCHEMA, alertTopicValue } from '@vigil/outputs';
import { signDetached, type SigningKey } from '@vigil/signing';

export interface OutputTopics {
  decisions: string;
  alerts: string;
  audit: string;
}

export async function decisionRecord(d: Decision, topic: string, key: SigningKey | undefined): Promise<OutRecord> {
  const value = Buffer.from(JSON.stringify(d));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'vigil-schema': 'decision.v1' };
  if (key) headers[SIGNATURE_HEADER] = await signDetached(value, key);
  return { topic, key: d.subject, value, headers };
}

export function alertRecord(a: Alert, topic: string): OutRecord {
  return { topic, key: a.decision.subject, value: alertTopicValue(a), headers: { 'vigil-schema': ALERT_TOPIC_SCHEMA } };
}

export function auditRecord(audit: Audit, topic: string, key: string): OutRecord {
  return { topic, key, value: JSON.stringify(audit), headers: { 'vigil-schema': 'audit.v1' } };
}

export async function outputRecords(
  out: { decisions: Decision[]; alerts: Alert[]; audited: Decision[] },
  topics: OutputTopics,
  key: SigningKey | undefined,
): Promise<OutRecord[]> {
  // Signatures are computed concurrently: one batch's decisions do not wait on each other.
  const records: OutRecord[] = await Promise.all(out.decisions.map((d) => decisionRecord(d, topics.decisions, key)));
  for (const a of out.alerts) records.push(alertRecord(a, topics.alerts));
  for (const d of out.audited) records.push(auditRecord({ v: 1, kind: 'decision', time: toIsoMs(Date.now())!, decision: d }, topics.audit, d.subject));
  return records;
}
