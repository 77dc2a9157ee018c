// Alerts → a HEC request body: JSON event objects `{time, host, source, sourcetype, index, event, fields}`
// one after another (HEC's batch form). Pure. `fields` are indexed fields for fast `tstats` searches.
import type { Alert } from '@vigil/schemas';
import type { AlertFormat } from '../formats/index.js';
import { alertPayload } from '../kit/payload.js';

export interface HecEvent {
  /** Epoch seconds with milliseconds, when the decision was issued. */
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index?: string;
  event: unknown;
  fields: Record<string, string | string[]>;
}

export interface HecEncodeOptions {
  host: string;
  source: string;
  sourcetype: string;
  index: string | undefined;
  format: AlertFormat;
}

export function hecEvent(alert: Alert, o: HecEncodeOptions): HecEvent {
  const fields: Record<string, string | string[]> = {
    vigil_alert_id: alert.id,
    vigil_alert_kind: alert.kind,
    vigil_action: alert.decision.action,
    vigil_severity: alert.severity,
    vigil_subject: alert.decision.subject,
  };
  if (alert.rule) fields.vigil_rule = alert.rule.id;
  if (alert.rule?.mitre.length) fields.vigil_mitre = [...alert.rule.mitre];
  return {
    time: Math.round(Date.parse(alert.created_at)) / 1000,
    host: o.host,
    source: o.source,
    sourcetype: o.sourcetype,
    ...(o.index ? { index: o.index } : {}),
    event: alertPayload(alert, o.format),
    fields,
  };
}

export function hecBody(events: readonly HecEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n');
}

/** HEC's JSON answer (`{"text":"Success","code":0,"ackId":7}`); undefined when the body is not one. */
export function parseHecAnswer(body: string): { text?: string; code?: number; ackId?: number; invalidEvent?: number } | undefined {
  try {
    const v = JSON.parse(body) as Record<string, unknown>;
    if (!v || typeof v !== 'object') return undefined;
    return {
      ...(typeof v.text === 'string' ? { text: v.text } : {}),
      ...(typeof v.code === 'number' ? { code: v.code } : {}),
      ...(typeof v.ackId === 'number' ? { ackId: v.ackId } : {}),
      ...(typeof v['invalid-event-number'] === 'number' ? { invalidEvent: v['invalid-event-number'] } : {}),
    };
  } catch {
    return undefined;
  }
}
