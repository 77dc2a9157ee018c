// CrowdStrike Falcon input → typed shapes (zod): event-stream `{metadata, event}` envelopes (detection
// summaries in both generations) and flat Alerts API v2 entities. Only the fields Vigil reads are typed.
import { z } from 'zod';

const str = z.string().nullish();
const numeric = z.union([z.number(), z.string()]).nullish();

export const StreamEnvelopeSchema = z.looseObject({
  metadata: z.looseObject({
    eventType: z.string().min(1),
    eventCreationTime: numeric,
    offset: numeric,
    customerIDString: str,
  }),
  event: z.record(z.string(), z.unknown()),
});
export type StreamEnvelope = z.infer<typeof StreamEnvelopeSchema>;

const StreamMitreSchema = z.looseObject({
  Tactic: str,
  Technique: str,
  TacticID: str,
  TechniqueID: str,
  TechniqueId: str,
});

/**
 * The body of DetectionSummaryEvent (retired 2025: DetectId, DetectName, ComputerName, SensorId, Severity
 * 1–5) and EppDetectionSummaryEvent (CompositeId, Name, Hostname, AgentId, Severity 0–100). `ProcessId`
 * can exceed 2^53 and is deliberately not read.
 */
export const DetectionBodySchema = z.looseObject({
  CompositeId: str,
  DetectId: str,
  Name: str,
  DetectName: str,
  Hostname: str,
  ComputerName: str,
  AgentId: str,
  SensorId: str,
  UserName: str,
  LogonDomain: str,
  Severity: numeric,
  SeverityName: str,
  Tactic: str,
  Technique: str,
  TacticId: str,
  TechniqueId: str,
  MitreAttack: z.array(StreamMitreSchema).nullish(),
  FileName: str,
  SHA256String: str,
  CommandLine: str,
  UTCTimestamp: numeric,
  ProcessStartTime: numeric,
  Type: str,
});
export type DetectionBody = z.infer<typeof DetectionBodySchema>;

const AlertMitreSchema = z.looseObject({ tactic: str, technique: str, tactic_id: str, technique_id: str });

/** An Alerts API v2 entity (`GET /alerts/entities/alerts/v2`): endpoint (ldt), identity (idp-…), on-demand scan (ods) … */
export const AlertEntitySchema = z.looseObject({
  composite_id: z.string().min(1),
  type: str,
  severity: numeric,
  severity_name: str,
  name: str,
  display_name: str,
  status: str,
  timestamp: str,
  created_timestamp: str,
  device: z.looseObject({ hostname: str, device_id: str }).nullish(),
  agent_id: str,
  user_name: str,
  user_principal: str,
  logon_domain: str,
  source_account_upn: str,
  source_account_name: str,
  source_account_domain: str,
  source_endpoint_address_ip4: str,
  source_endpoint_ip_address: str,
  location_country_code: str,
  tactic: str,
  tactic_id: str,
  technique: str,
  technique_id: str,
  mitre_attack: z.array(AlertMitreSchema).nullish(),
  filename: str,
  sha256: str,
  cmdline: str,
});
export type AlertEntity = z.infer<typeof AlertEntitySchema>;
