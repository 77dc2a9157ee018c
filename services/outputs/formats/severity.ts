// One table for how Vigil's five severities read in each output format, so the formats never disagree.
import type { Severity } from '@vigil/schemas';

export interface SeverityInFormats {
  /** ECS `event.severity`: the same 10/30/50/70/90 scale signals use (docs/signals.md). */
  readonly score: number;
  /** OCSF `severity_id` (1 Informational … 5 Critical). */
  readonly ocsfId: 1 | 2 | 3 | 4 | 5;
  /** CEF header severity, 0–10. */
  readonly cef: number;
  /** RFC 5424 severity (2 crit … 6 informational), for the syslog line that carries CEF. */
  readonly syslog: number;
}

export const SEVERITY_IN_FORMATS: Readonly<Record<Severity, SeverityInFormats>> = {
  info: { score: 10, ocsfId: 1, cef: 1, syslog: 6 },
  low: { score: 30, ocsfId: 2, cef: 3, syslog: 5 },
  medium: { score: 50, ocsfId: 3, cef: 5, syslog: 4 },
  high: { score: 70, ocsfId: 4, cef: 8, syslog: 3 },
  critical: { score: 90, ocsfId: 5, cef: 10, syslog: 2 },
};
