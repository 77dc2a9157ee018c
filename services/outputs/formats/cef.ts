// Alert → one CEF line: `CEF:0|Vigil|Vigil|<version>|<rule id or override>|<title>|<0-10>|<extension>`.
// The custom-field labels are fixed (CEF_LABELS) so SIEM parsers can map them once.
import { isIP } from 'node:net';
import type { Alert } from '@vigil/schemas';
import { alertFacts, alertMessage, subjectOutcome } from './alert-facts.js';
import { escapeCefHeader, escapeCefValue } from './cef-escape.js';
import { productVersion, VIGIL_PRODUCT, VIGIL_VENDOR, type EncodeOptions } from './product.js';
import { SEVERITY_IN_FORMATS } from './severity.js';

/** The labels Vigil gives CEF's custom fields; every line that sets a field also sets its label. */
export const CEF_LABELS = {
  cs1: 'subject',
  cs2: 'ruleVersion',
  cs3: 'mode',
  cs4: 'decisionId',
  cs5: 'traceId',
  cs6: 'mitreTechniques',
  cn1: 'risk',
  c6a2: 'Source IPv6 Address',
  flexString1: 'overrideBy',
} as const;

type Labelled = keyof typeof CEF_LABELS;

export function encodeCef(alert: Alert, options?: EncodeOptions): string {
  const f = alertFacts(alert);
  const d = alert.decision;
  const header = [
    VIGIL_VENDOR,
    VIGIL_PRODUCT,
    productVersion(options),
    alert.rule?.id || d.rule?.id || 'override',
    alert.title || alertMessage(alert),
    String(SEVERITY_IN_FORMATS[alert.severity].cef),
  ].map(escapeCefHeader);

  const ip = f.ip; // already a valid address (alertFacts)
  const fields: [string, string | number | undefined][] = [
    ['rt', f.createdMs],
    ['start', f.firstSeenMs],
    ['end', f.lastSeenMs],
    ['act', d.action],
    ['outcome', subjectOutcome(f)],
    ['cat', `${alert.kind}/${d.action}`],
    ['msg', d.reason],
    ['externalId', alert.id],
    ['suser', f.user?.id],
    ['dhost', f.device],
    // `src` is IPv4 in the CEF dictionary; IPv6 goes to the labelled c6a2.
    ['src', ip !== undefined && isIP(ip) === 4 ? ip : undefined],
    ...labelled('c6a2', ip !== undefined && isIP(ip) === 6 ? ip : undefined),
    ...labelled('cs1', d.subject),
    ...labelled('cs2', alert.rule?.version ?? d.rule?.version),
    ...labelled('cs3', d.mode),
    ...labelled('cs4', d.id),
    ...labelled('cs5', d.trace?.trace_id),
    ...labelled('cs6', alert.rule?.mitre.length ? alert.rule.mitre.join(',') : undefined),
    ...labelled('cn1', Math.round(alert.risk)), // CEF custom numbers are integers
    ...labelled('flexString1', d.override?.by),
  ];
  const extension = fields
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined && kv[1] !== '')
    .map(([k, v]) => `${k}=${escapeCefValue(String(v))}`)
    .join(' ');
  return `CEF:0|${header.join('|')}|${extension}`;
}

function labelled(key: Labelled, value: string | number | undefined): [string, string | number | undefined][] {
  return value === undefined || value === ''
    ? []
    : [
        [key, value],
        [`${key}Label`, CEF_LABELS[key]],
      ];
}
