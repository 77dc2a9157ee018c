// Alert encoders for SIEMs: ECS, OCSF Detection Finding 2004, CEF, or the Alert v1 JSON itself; plus the
// RFC 5424 / RFC 6587 helpers that carry CEF over syslog, and the validators the tests use.
import type { Alert } from '@vigil/schemas';
import { encodeCef } from './cef.js';
import { encodeEcs } from './ecs.js';
import { encodeOcsf } from './ocsf.js';
import type { EncodeOptions } from './product.js';

export const ALERT_FORMATS = ['ecs', 'ocsf', 'cef', 'json'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

export interface EncodedAlert {
  body: string;
  contentType: string;
}

const JSON_TYPE = 'application/json';

/** One alert in the chosen format: a JSON document (ecs, ocsf, json) or one CEF line without a line break. */
export function encodeAlert(alert: Alert, format: AlertFormat, options?: EncodeOptions): EncodedAlert {
  switch (format) {
    case 'ecs':
      return { body: JSON.stringify(encodeEcs(alert, options)), contentType: JSON_TYPE };
    case 'ocsf':
      return { body: JSON.stringify(encodeOcsf(alert, options)), contentType: JSON_TYPE };
    case 'cef':
      return { body: encodeCef(alert, options), contentType: 'text/plain; charset=utf-8' };
    case 'json':
      return { body: JSON.stringify(alert), contentType: JSON_TYPE };
  }
}

export { encodeEcs } from './ecs.js';
export { ECS_FIELDS, ECS_VERSION, ecsField, type EcsField, type EcsFieldName, type EcsType } from './ecs-fields.js';
export { checkEcsDocument } from './ecs-check.js';
export { ecsIndexMappings } from './ecs-mappings.js';
export { encodeOcsf, riskLevel } from './ocsf.js';
export { OCSF_VERSION, DETECTION_FINDING } from './ocsf-2004.js';
export { validateOcsfDetectionFinding } from './ocsf-validate.js';
export { encodeCef, CEF_LABELS } from './cef.js';
export { parseCef, parseCefExtension, cefLabelledFields, type CefEvent } from './cef-parse.js';
export { escapeCefHeader, escapeCefValue, unescapeCefHeader, unescapeCefValue } from './cef-escape.js';
export {
  formatSyslog5424,
  frameOctetCounting,
  splitOctetCounted,
  SYSLOG_FACILITIES,
  SYSLOG_SEVERITIES,
  type Syslog5424Options,
  type StructuredData,
  type SyslogFacility,
  type SyslogSeverity,
} from './syslog.js';
export { SEVERITY_IN_FORMATS, type SeverityInFormats } from './severity.js';
export { VIGIL_VENDOR, VIGIL_PRODUCT, VIGIL_VERSION, type EncodeOptions } from './product.js';
