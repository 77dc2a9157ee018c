// OCSF 1.8 Detection Finding (class 2004) as far as Vigil uses it: identifiers, enums with their captions,
// and which attributes are required, recommended or allowed (base event + finding + detection finding,
// with the Security Control and Host profiles Vigil applies).

export const OCSF_VERSION = '1.8.0';

export const DETECTION_FINDING = {
  class_uid: 2004,
  class_name: 'Detection Finding',
  category_uid: 2,
  category_name: 'Findings',
} as const;

export type OcsfEnum = Readonly<Record<number, string>>;

export const ACTIVITY: OcsfEnum = { 0: 'Unknown', 1: 'Create', 2: 'Update', 3: 'Close', 99: 'Other' };
export const SEVERITY: OcsfEnum = { 0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical', 6: 'Fatal', 99: 'Other' };
/** Finding lifecycle (triage), not the success / failure status of activity classes. */
export const STATUS: OcsfEnum = { 0: 'Unknown', 1: 'New', 2: 'In Progress', 3: 'Suppressed', 4: 'Resolved', 5: 'Archived', 6: 'Deleted', 99: 'Other' };
/** Security Control profile: 99 'Other' is deliberately not an option. */
export const ACTION: OcsfEnum = { 0: 'Unknown', 1: 'Allowed', 2: 'Denied' };
export const DISPOSITION: OcsfEnum = {
  0: 'Unknown',
  1: 'Allowed',
  2: 'Blocked',
  3: 'Quarantined',
  4: 'Isolated',
  5: 'Deleted',
  6: 'Dropped',
  7: 'Custom Action',
  8: 'Approved',
  9: 'Restored',
  10: 'Exonerated',
  11: 'Corrected',
  12: 'Partially Corrected',
  13: 'Uncorrected',
  14: 'Delayed',
  15: 'Detected',
  16: 'No Action',
  17: 'Logged',
  18: 'Tagged',
  19: 'Alert',
  20: 'Count',
  21: 'Reset',
  22: 'Captcha',
  23: 'Challenge',
  24: 'Access Revoked',
  25: 'Rejected',
  26: 'Unauthorized',
  27: 'Error',
  99: 'Other',
};
export const RISK_LEVEL: OcsfEnum = { 0: 'Info', 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Critical', 99: 'Other' };
export const CONFIDENCE: OcsfEnum = { 0: 'Unknown', 1: 'Low', 2: 'Medium', 3: 'High', 99: 'Other' };
export const ANALYTIC_TYPE: OcsfEnum = {
  0: 'Unknown',
  1: 'Rule',
  2: 'Behavioral',
  3: 'Statistical',
  4: 'Learning (ML/DL)',
  5: 'Fingerprinting',
  6: 'Tagging',
  7: 'Keyword Match',
  8: 'Regular Expressions',
  9: 'Exact Data Match',
  10: 'Partial Data Match',
  11: 'Indexed Data Match',
  99: 'Other',
};
export const DEVICE_TYPE: OcsfEnum = {
  0: 'Unknown',
  1: 'Server',
  2: 'Desktop',
  3: 'Laptop',
  4: 'Tablet',
  5: 'Mobile',
  6: 'Virtual',
  7: 'IOT',
  8: 'Browser',
  9: 'Firewall',
  10: 'Switch',
  11: 'Hub',
  12: 'Router',
  13: 'IDS',
  14: 'IPS',
  15: 'Load Balancer',
  99: 'Other',
};

/** `<id attribute>` → [its enum, the caption attribute beside it]. */
export const ENUM_ATTRIBUTES: Readonly<Record<string, readonly [OcsfEnum, string]>> = {
  activity_id: [ACTIVITY, 'activity_name'],
  severity_id: [SEVERITY, 'severity'],
  status_id: [STATUS, 'status'],
  action_id: [ACTION, 'action'],
  disposition_id: [DISPOSITION, 'disposition'],
  risk_level_id: [RISK_LEVEL, 'risk_level'],
  confidence_id: [CONFIDENCE, 'confidence'],
};

export const REQUIRED = ['activity_id', 'category_uid', 'class_uid', 'finding_info', 'metadata', 'severity_id', 'time', 'type_uid'] as const;

export const RECOMMENDED = ['message', 'status_id', 'is_alert', 'evidences', 'resources', 'action_id', 'disposition_id', 'confidence_id'] as const;

/** Every top-level attribute the class (with the profiles Vigil applies) defines. */
export const ALLOWED = new Set<string>([
  // base event
  'activity_id',
  'activity_name',
  'category_name',
  'category_uid',
  'class_name',
  'class_uid',
  'count',
  'duration',
  'end_time',
  'enrichments',
  'message',
  'metadata',
  'observables',
  'raw_data',
  'raw_data_hash',
  'raw_data_size',
  'severity',
  'severity_id',
  'start_time',
  'status',
  'status_code',
  'status_detail',
  'status_id',
  'time',
  'timezone_offset',
  'type_name',
  'type_uid',
  'unmapped',
  // finding + detection finding
  'comment',
  'confidence',
  'confidence_id',
  'confidence_score',
  'device',
  'finding_info',
  'resources',
  'risk_details',
  'risk_level',
  'risk_level_id',
  'risk_score',
  'vendor_attributes',
  'anomaly_analyses',
  'evidences',
  'impact',
  'impact_id',
  'impact_score',
  'is_alert',
  'malware',
  'malware_scan_info',
  'remediation',
  'vulnerabilities',
  // security control profile
  'action',
  'action_id',
  'attacks',
  'authorizations',
  'disposition',
  'disposition_id',
  'firewall_rule',
  'policy',
  // host profile
  'actor',
]);

/** Evidence artifacts: an `evidences[]` item names at least one of these. */
export const EVIDENCE_ATTRIBUTES = [
  'actor',
  'api',
  'connection_info',
  'container',
  'data',
  'database',
  'databucket',
  'device',
  'dst_endpoint',
  'email',
  'file',
  'job',
  'process',
  'query',
  'reg_key',
  'reg_value',
  'resources',
  'script',
  'src_endpoint',
  'url',
  'user',
] as const;

export const TYPE_UID_BASE = DETECTION_FINDING.class_uid * 100;

export function captionOf(e: OcsfEnum, id: number): string | undefined {
  return Object.hasOwn(e, id) ? e[id] : undefined;
}
