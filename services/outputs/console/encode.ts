// One alert → one console line (no line break): readable at a glance, or an alert format on one line.
import type { Alert } from '@vigil/schemas';
import { encodeAlert } from '../formats/index.js';
import type { ConsoleFormat } from './config.js';

export function consoleLine(alert: Alert, format: ConsoleFormat): string {
  if (format !== 'line') return encodeAlert(alert, format).body;
  const d = alert.decision;
  const by = alert.rule ? `rule=${alert.rule.id}` : d.override ? `override by ${d.override.by}` : '';
  const shadow = alert.kind === 'shadow' ? ' (shadow: not enforced)' : '';
  return `${alert.created_at} ALERT ${alert.severity} ${d.action} ${d.subject} risk=${round(alert.risk)} ${by}${shadow} ${JSON.stringify(alert.title)} id=${alert.id}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
