// CrowdStrike detections → `endpoint.detection` signals (pure). One signal per detection, its id derived
// from the detection's composite id, so the stream event and the Alerts API entity of one detection dedupe.
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import {
  DEFAULT_DETECTION_SEVERITY,
  FIVE_LEVELS,
  IGNORED,
  accountName,
  clip,
  compactAttributes,
  countryOf,
  epochToIso,
  fileHash,
  mitreIds,
  parseTime,
  resolveSubject,
  severityFromLevel,
  severityFromName,
  severityFromScore,
  signalId,
  statusName,
  text,
  zodReason,
  type EventOutcome,
} from '../../kit/index.js';
import { DetectionBodySchema, type AlertEntity, type StreamEnvelope } from './parse.js';

/** Event-stream types that carry a detection, lower-cased: Falcon spells EPP both `EPP…` and `Epp…`. */
const LEGACY_TYPE = 'detectionsummaryevent';
const EPP_TYPE = 'eppdetectionsummaryevent';

export function normalizeStreamEvent(e: StreamEnvelope, aliases: AliasMap): EventOutcome {
  const type = e.metadata.eventType.toLowerCase();
  if (type !== LEGACY_TYPE && type !== EPP_TYPE) return IGNORED;
  const parsed = DetectionBodySchema.safeParse(e.event);
  if (!parsed.success) return { error: `${e.metadata.eventType} event: ${zodReason(parsed.error)}` };
  const d = parsed.data;

  const detectionId = text(d.CompositeId) ?? text(d.DetectId);
  if (!detectionId) return { error: `${e.metadata.eventType}: event has no CompositeId or DetectId` };
  const time = epochOrIso(e.metadata.eventCreationTime) ?? epochOrIso(d.UTCTimestamp) ?? epochOrIso(d.ProcessStartTime);
  if (!time) return { error: `${e.metadata.eventType}: no usable time in metadata.eventCreationTime, UTCTimestamp or ProcessStartTime` };

  // The retired event scored 1–5; its successor scores 0–100. SeverityName, when present, wins for both.
  const severity =
    severityFromName(d.SeverityName) ??
    (type === LEGACY_TYPE ? (severityFromLevel(d.Severity, FIVE_LEVELS) ?? severityFromScore(d.Severity)) : severityFromScore(d.Severity)) ??
    DEFAULT_DETECTION_SEVERITY;

  const device = resolveSubject(aliases.device, [text(d.Hostname) ?? text(d.ComputerName), text(d.AgentId) ?? text(d.SensorId)]);
  const user = resolveSubject(aliases.user, [accountName({ name: text(d.UserName), domain: text(d.LogonDomain) })], 320);
  const mitre = mitreIds([d.TechniqueId, ...(d.MitreAttack ?? []).flatMap((m) => [m.TechniqueID, m.TechniqueId])]);
  return detection(
    detectionId,
    time,
    severity,
    { device, user },
    {
      detection_id: detectionId,
      detection_name: clip(d.Name, 512) ?? clip(d.DetectName, 512),
      vendor_severity: text(d.SeverityName) ?? numberOf(d.Severity),
      tactic: clip(d.Tactic, 256) ?? clip(d.MitreAttack?.[0]?.Tactic, 256),
      technique: clip(d.Technique, 256) ?? clip(d.MitreAttack?.[0]?.Technique, 256),
      mitre,
      file_name: clip(d.FileName, 1024),
      file_hash: fileHash(d.SHA256String),
      command_line: clip(d.CommandLine),
      event_type: e.metadata.eventType,
    },
  );
}

export function normalizeAlert(a: AlertEntity, aliases: AliasMap): EventOutcome {
  const time = parseTime(a.timestamp) ?? parseTime(a.created_timestamp);
  if (!time) return { error: `alert ${a.composite_id}: no usable time in timestamp or created_timestamp` };
  const severity = severityFromName(a.severity_name) ?? severityFromScore(a.severity) ?? DEFAULT_DETECTION_SEVERITY;

  // Identity alerts name no sensor device. The endpoint the account acted from is deliberately not taken as
  // the device: device rules (block the device) should not fire on a sign-in made from it.
  const device = resolveSubject(aliases.device, [text(a.device?.hostname), text(a.device?.device_id) ?? text(a.agent_id)]);
  const account = accountName({ name: text(a.user_name) ?? text(a.source_account_name), domain: text(a.logon_domain) ?? text(a.source_account_domain) });
  const user = resolveSubject(aliases.user, [text(a.user_principal) ?? text(a.source_account_upn), account], 320);
  const ip = text(a.source_endpoint_address_ip4) ?? text(a.source_endpoint_ip_address);
  const mitre = mitreIds([a.technique_id, ...(a.mitre_attack ?? []).map((m) => m.technique_id)]);
  return detection(
    a.composite_id,
    time,
    severity,
    { device, user, ip: ip && ip.length <= 64 ? ip : undefined },
    {
      detection_id: a.composite_id,
      detection_name: clip(a.display_name, 512) ?? clip(a.name, 512),
      vendor_severity: text(a.severity_name) ?? numberOf(a.severity),
      tactic: clip(a.tactic, 256),
      technique: clip(a.technique, 256),
      mitre,
      file_name: clip(a.filename, 1024),
      file_hash: fileHash(a.sha256),
      command_line: clip(a.cmdline),
      status: statusName(a.status),
      ip,
      country: countryOf(a.location_country_code),
      event_type: text(a.type),
    },
  );
}

type Subjects = { device?: string | undefined; user?: string | undefined; ip?: string | undefined };

function detection(detectionId: string, time: string, severity: number, who: Subjects, attributes: Parameters<typeof compactAttributes>[0]): EventOutcome {
  const subjects: SignalInput['subjects'] = {};
  if (who.user) subjects.user = who.user;
  if (who.device) subjects.device = who.device;
  if (who.ip) subjects.ip = who.ip;
  if (Object.keys(subjects).length === 0) return { error: `detection ${detectionId.slice(0, 128)}: names no device, user or ip` };
  return {
    signal: {
      id: signalId('crowdstrike', detectionId),
      time,
      source: 'crowdstrike',
      type: 'endpoint.detection',
      severity,
      subjects,
      attributes: compactAttributes(attributes),
    },
  };
}

/** Falcon times: epoch s or ms (numbers or numeric strings) or ISO strings. */
function epochOrIso(v: unknown): string | undefined {
  if (typeof v === 'number') return v > 0 ? epochToIso(v) : undefined;
  return parseTime(v);
}

function numberOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
