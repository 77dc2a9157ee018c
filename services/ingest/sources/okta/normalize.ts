// Okta LogEvent → canonical signals (pure). Event types outside the map are ignored, not dead-lettered.
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import { countryCode, parseTime, signalId } from '../../kit/index.js';
import { readDebugData } from './debug-data.js';
import type { OktaEvent } from './parse.js';

type Mapping = (e: OktaEvent, success: boolean) => { type: string; severity: number } | undefined;

const SIGN_IN: Mapping = (_e, ok) => (ok ? { type: 'auth.success', severity: 0 } : { type: 'auth.failure', severity: 30 });

/** eventType → signal type and base severity (a Map: an eventType like "hasOwnProperty" finds nothing). */
export const OKTA_EVENT_MAP: ReadonlyMap<string, Mapping> = new Map(
  Object.entries({
    'user.session.start': SIGN_IN,
    'user.authentication.sso': SIGN_IN,
    'user.authentication.verify': SIGN_IN,
    'user.authentication.auth_via_mfa': (_e, ok) => (ok ? { type: 'auth.success', severity: 0 } : { type: 'auth.mfa_denied', severity: 40 }),
    'user.mfa.okta_verify.deny_push': () => ({ type: 'auth.mfa_denied', severity: 50 }),
    'user.account.lock': () => ({ type: 'auth.lockout', severity: 50 }),
    'security.threat.detected': () => ({ type: 'identity.threat', severity: 70 }),
    'user.account.privilege.grant': () => ({ type: 'identity.privilege_grant', severity: 50 }),
    'user.session.clear': () => ({ type: 'session.revoked', severity: 50 }),
    'user.risk.detect': () => ({ type: 'identity.risk', severity: 50 }),
    'user.risk.change': () => ({ type: 'identity.risk', severity: 50 }),
  } satisfies Record<string, Mapping>),
);

const RISK_SEVERITY = { low: 20, medium: 50, high: 80 } as const;

export type NormalizeOutcome = { signal: SignalInput } | { ignored: true } | { error: string };

export function normalizeOktaEvent(e: OktaEvent, aliases: AliasMap): NormalizeOutcome {
  const map = OKTA_EVENT_MAP.get(e.eventType);
  if (!map) return { ignored: true };
  const result = (e.outcome?.result ?? '').toUpperCase();
  const mapped = map(e, result === 'SUCCESS' || result === 'ALLOW');
  if (!mapped) return { ignored: true };

  const time = parseTime(e.published);
  if (!time) return { error: `published: not a timestamp: ${JSON.stringify(e.published).slice(0, 64)}` };

  // A privilege grant or a risk change is about the target user, not the admin or system acting.
  const targetUser = e.target?.find((t) => t.type === 'User')?.alternateId;
  const aboutTarget = mapped.type === 'identity.privilege_grant' || (mapped.type === 'identity.risk' && targetUser);
  const login = (aboutTarget ? targetUser : undefined) ?? e.actor.alternateId;
  if (!login || login === 'unknown' || login === 'null') return { error: 'actor.alternateId: no user named' };

  const debug = readDebugData(e.debugContext?.debugData);
  const geo = e.client?.geographicalContext;
  const ip = clean(e.client?.ipAddress);
  const session = clean(e.authenticationContext?.externalSessionId);
  const attributes: Record<string, string | number | boolean | string[]> = { event_type: e.eventType };
  if (result) attributes.outcome = result.toLowerCase();
  if (clean(e.outcome?.reason)) attributes.reason = clean(e.outcome?.reason)!;
  if (ip) attributes.ip = ip;
  if (clean(geo?.country)) attributes.country = countryCode(clean(geo?.country)!);
  if (clean(geo?.city)) attributes.city = clean(geo?.city)!;
  const lat = num(geo?.geolocation?.lat);
  const lon = num(geo?.geolocation?.lon);
  if (lat !== undefined) attributes.lat = lat;
  if (lon !== undefined) attributes.lon = lon;
  if (clean(e.client?.userAgent?.rawUserAgent)) attributes.user_agent = clean(e.client?.userAgent?.rawUserAgent)!;
  if (e.eventType === 'user.authentication.auth_via_mfa') attributes.mfa = true;
  if (debug.riskLevel) attributes.risk_level = debug.riskLevel;
  if (debug.riskReasons) attributes.risk_reasons = debug.riskReasons;
  if (debug.threatSuspected) attributes.threat_suspected = true;
  if (debug.behaviors.length) attributes.behaviors = debug.behaviors;
  if (mapped.type === 'identity.privilege_grant') {
    const role = e.target?.find((t) => t.type !== 'User')?.displayName;
    if (role) attributes.privilege = role;
    if (e.actor.alternateId) attributes.granted_by = e.actor.alternateId.toLowerCase();
  }

  let severity = mapped.severity;
  if (debug.riskLevel) severity = Math.max(severity, RISK_SEVERITY[debug.riskLevel]);
  if (debug.threatSuspected) severity = Math.max(severity, 70);

  const subjects: SignalInput['subjects'] = { user: aliases.user(login) };
  if (session) subjects.session = session;
  if (ip) subjects.ip = ip;
  return {
    signal: {
      id: signalId('okta', e.uuid, e.eventType),
      time,
      source: 'okta',
      type: mapped.type,
      severity,
      subjects,
      attributes,
    },
  };
}

function clean(v: string | null | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t && t !== 'null' && t !== 'unknown' ? t : undefined;
}

/** A number or a numeric string; "" and blanks are no number (Number("") would make 0, a point off Africa). */
function num(v: unknown): number | undefined {
  const n = typeof v === 'string' ? (v.trim() === '' ? Number.NaN : Number(v)) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
