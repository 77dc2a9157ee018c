// Entra ID Protection → identity.risk (pure): risk detections (one risky event seen for a user) and risky
// users (the user's current risk). A dismissed, remediated or confirmed-safe risk is reported as level
// `none` with the vendor's level as `previous_risk_level`, so "risk high" rules do not fire on a closed case.
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import { compactAttributes, isRecord, maybeJson, parseTime, signalId, text, type AttributeValue, type EventOutcome } from '../../kit/index.js';
import {
  CONFIRMED_COMPROMISED_SEVERITY,
  RISK_SEVERITY,
  UNKNOWN_RISK_SEVERITY,
  bool,
  isClosedRiskState,
  locationAttributes,
  riskLevel,
  riskState,
  userSubject,
  type RiskLevel,
} from './fields.js';
import type { Envelope, RiskDetection, RiskyUser } from './parse.js';

export function normalizeRiskDetection(e: RiskDetection, envelope: Envelope, aliases: AliasMap): EventOutcome {
  // The last update is when Entra said what this record says (detection, or a later dismissal).
  const time = parseTime(e.lastUpdatedDateTime) ?? parseTime(e.detectedDateTime) ?? parseTime(e.activityDateTime) ?? parseTime(envelope.time);
  if (!time) return { error: `risk detection ${e.id}: no usable time (lastUpdatedDateTime, detectedDateTime, activityDateTime, envelope time)` };
  const user = userSubject(aliases, e.userPrincipalName, e.userId);
  if (!user) return { error: `risk detection ${e.id}: names no user (userPrincipalName and userId are empty)` };

  const subjects: SignalInput['subjects'] = { user };
  const ip = text(e.ipAddress);
  if (ip && ip.length <= 64) subjects.ip = ip;
  const risk = assess(e.riskLevel, e.riskState);
  const eventType = text(e.riskEventType) ?? text(e.riskType);
  return {
    signal: {
      id: signalId('entra', e.id, 'identity.risk', time),
      time,
      source: 'entra',
      type: 'identity.risk',
      severity: risk.severity,
      subjects,
      attributes: compactAttributes({
        event_type: envelope.category ?? 'riskDetection',
        ...risk.attributes,
        risk_events: eventType ? [eventType] : undefined,
        risk_detail: text(e.riskDetail),
        detection_id: e.id,
        detection_timing: text(e.detectionTimingType),
        detection_source: text(e.source),
        activity: text(e.activity),
        ip,
        ...locationAttributes(e.location),
        user_agent: userAgentOf(e.additionalInfo),
      }),
    },
  };
}

export function normalizeRiskyUser(e: RiskyUser, envelope: Envelope, aliases: AliasMap): EventOutcome {
  const time = parseTime(e.riskLastUpdatedDateTime) ?? parseTime(envelope.time);
  if (!time)
    return { error: `risky user ${e.id}: riskLastUpdatedDateTime is not a timestamp: ${JSON.stringify(e.riskLastUpdatedDateTime ?? null).slice(0, 64)}` };
  const user = userSubject(aliases, e.userPrincipalName, e.id);
  if (!user) return { error: `risky user ${e.id}: names no user` };
  const risk = assess(e.riskLevel, e.riskState);
  return {
    signal: {
      // One risky-user object changes over time under the same id: the update time tells the versions apart.
      id: signalId('entra', e.id, 'identity.risk', 'riskyUser', time),
      time,
      source: 'entra',
      type: 'identity.risk',
      severity: risk.severity,
      subjects: { user },
      attributes: compactAttributes({
        event_type: envelope.category ?? 'riskyUser',
        ...risk.attributes,
        risk_detail: text(e.riskDetail),
        deleted: bool(e.isDeleted) || undefined,
      }),
    },
  };
}

/** Level, state and severity of a detection or user, closed states turned into level `none`. */
function assess(rawLevel: unknown, rawState: unknown): { severity: number; attributes: Record<string, AttributeValue | undefined> } {
  const vendor = riskLevel(rawLevel);
  const state = riskState(rawState);
  if (state === 'confirmed_compromised') {
    return { severity: CONFIRMED_COMPROMISED_SEVERITY, attributes: { risk_level: 'high', risk_state: state } };
  }
  if (isClosedRiskState(state)) {
    const previous: RiskLevel | undefined = vendor && vendor !== 'none' ? vendor : undefined;
    return { severity: RISK_SEVERITY.none, attributes: { risk_level: 'none', previous_risk_level: previous, risk_state: state } };
  }
  return { severity: vendor ? RISK_SEVERITY[vendor] : UNKNOWN_RISK_SEVERITY, attributes: { risk_level: vendor, risk_state: state } };
}

/** additionalInfo is `[{"Key":"userAgent","Value":"…"}]`, often as a JSON string. */
function userAgentOf(info: unknown): string | undefined {
  const list = maybeJson(info);
  if (!Array.isArray(list)) return undefined;
  const entry = list.find((i) => isRecord(i) && text(i.Key)?.toLowerCase() === 'useragent');
  const ua = isRecord(entry) ? text(entry.Value) : undefined;
  return ua && ua.length <= 2048 ? ua : undefined;
}
