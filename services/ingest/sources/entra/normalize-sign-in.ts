// Entra sign-in → one auth.* signal, plus an identity.risk signal when Entra rated the sign-in itself risky
// (so rules that ask "is this user at risk" see it without reading auth attributes). Pure.
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import { IGNORED, compactAttributes, isRecord, maybeJson, parseTime, resolveSubject, signalId, text, type EventOutcome } from '../../kit/index.js';
import {
  RISK_SEVERITY,
  bool,
  higherRisk,
  isClosedRiskState,
  locationAttributes,
  riskLevel,
  riskState,
  stringList,
  userSubject,
  type RiskLevel,
} from './fields.js';
import type { Envelope, SignIn } from './parse.js';
import type { EntraSettings } from './settings.js';

/** Codes Microsoft documents as interrupts: the sign-in continues after the user answers (KMSI, MFA prompt, …). */
const INTERRUPTS = new Set([50072, 50074, 50076, 50079, 50097, 50125, 50140, 50199]);
const LOCKED = 50053;
const MFA_DENIED = 500121;

/** Diagnostic categories of workload sign-ins; Microsoft's own first-party service principals are noise. */
const WORKLOAD_CATEGORIES: ReadonlyMap<string, Workload> = new Map([
  ['serviceprincipalsigninlogs', 'service_principal'],
  ['managedidentitysigninlogs', 'managed_identity'],
  ['microsoftserviceprincipalsigninlogs', 'microsoft'],
]);
type Workload = 'service_principal' | 'managed_identity' | 'microsoft';

const MFA_METHOD = /fido|hello|passwordless|passkey|authenticator|notification|text message|sms|phone|oath|verification code|hardware token/i;
const MFA_DETAIL = /\bMFA (requirement satisfied|successfully completed|completed)\b/i;
const RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

export function normalizeSignIn(e: SignIn, envelope: Envelope, aliases: AliasMap, settings: EntraSettings): EventOutcome[] {
  const workload = workloadOf(e, envelope.category);
  if (workload === 'microsoft' || (workload && settings.workloadSignIns === 'ignore')) return [IGNORED];

  const time = parseTime(e.createdDateTime) ?? parseTime(envelope.time);
  if (!time) return [{ error: `sign-in ${e.id}: createdDateTime is not a timestamp: ${JSON.stringify(e.createdDateTime ?? null).slice(0, 64)}` }];
  const code = errorCode(e.status?.errorCode) ?? errorCode(envelope.resultType);
  if (code === undefined) return [{ error: `sign-in ${e.id}: status.errorCode is missing or not a number` }];

  const subjects: SignalInput['subjects'] = {};
  if (workload) {
    const agent = text(e.appId) ?? text(e.servicePrincipalId);
    if (!agent || agent.length > 256) return [{ error: `sign-in ${e.id}: workload sign-in names no appId or servicePrincipalId` }];
    subjects.agent = agent.toLowerCase();
  } else {
    const user = userSubject(aliases, e.userPrincipalName, e.userId);
    if (!user) return [{ error: `sign-in ${e.id}: names no user (userPrincipalName and userId are empty)` }];
    subjects.user = user;
  }
  const device = resolveSubject(aliases.device, [text(e.deviceDetail?.displayName), text(e.deviceDetail?.deviceId)]);
  if (device) subjects.device = device;
  const session = text(e.sessionId);
  if (session && session.length <= 512) subjects.session = session;
  const ip = text(e.ipAddress) ?? text(envelope.callerIpAddress);
  if (ip && ip.length <= 64) subjects.ip = ip;

  const outcome = classify(code);
  const level = higherRisk(riskLevel(e.riskLevelDuringSignIn), riskLevel(e.riskLevelAggregated));
  const state = riskState(e.riskState);
  const atRisk = level !== undefined && level !== 'none' && !isClosedRiskState(state);
  const riskEvents = stringList(e.riskEventTypes_v2);
  const where = locationAttributes(e.location);
  const eventType = envelope.category ?? stringList(e.signInEventTypes)[0] ?? 'signIn';

  const auth: SignalInput = {
    id: signalId('entra', e.id, outcome.type),
    time,
    source: 'entra',
    type: outcome.type,
    severity: atRisk ? Math.max(outcome.severity, RISK_SEVERITY[level]) : outcome.severity,
    subjects,
    attributes: compactAttributes({
      event_type: eventType,
      outcome: outcome.outcome,
      error_code: code === 0 ? undefined : code,
      reason: code === 0 ? undefined : text(e.status?.failureReason),
      ip,
      ...where,
      user_agent: text(e.userAgent),
      mfa: mfaSatisfied(e, code === 0),
      app: text(e.appDisplayName) ?? text(e.servicePrincipalName),
      resource: text(e.resourceDisplayName),
      client_app: text(e.clientAppUsed),
      interactive: bool(e.isInteractive),
      principal_type: workload,
      risk_level: level,
      risk_state: state,
      risk_events: riskEvents,
      ca_status: text(e.conditionalAccessStatus),
      compliant: bool(e.deviceDetail?.isCompliant),
      managed: bool(e.deviceDetail?.isManaged),
      correlation_id: text(e.correlationId),
    }),
  };
  const out: EventOutcome[] = [{ signal: auth }];

  const threshold = settings.signInRiskSignal;
  if (atRisk && threshold !== 'off' && RANK[level] >= RANK[threshold]) {
    out.push({
      signal: {
        id: signalId('entra', e.id, 'identity.risk'),
        time,
        source: 'entra',
        type: 'identity.risk',
        severity: RISK_SEVERITY[level],
        subjects: { ...subjects },
        attributes: compactAttributes({
          event_type: eventType,
          risk_level: level,
          risk_state: state,
          risk_events: riskEvents,
          risk_detail: text(e.riskDetail),
          ip,
          ...where,
          app: text(e.appDisplayName),
          sign_in_id: e.id,
        }),
      },
    });
  }
  return out;
}

function classify(code: number): { type: string; severity: number; outcome: string } {
  if (code === 0) return { type: 'auth.success', severity: 0, outcome: 'success' };
  if (code === LOCKED) return { type: 'auth.lockout', severity: 50, outcome: 'failure' };
  if (code === MFA_DENIED) return { type: 'auth.mfa_denied', severity: 40, outcome: 'failure' };
  if (INTERRUPTS.has(code)) return { type: 'auth.failure', severity: 10, outcome: 'interrupted' };
  return { type: 'auth.failure', severity: 30, outcome: 'failure' };
}

function workloadOf(e: SignIn, category: string | undefined): Workload | undefined {
  const byCategory = category ? WORKLOAD_CATEGORIES.get(category.toLowerCase()) : undefined;
  if (byCategory) return byCategory;
  const types = stringList(e.signInEventTypes).map((t) => t.toLowerCase());
  if (types.includes('managedidentity')) return 'managed_identity';
  if (types.includes('serviceprincipal')) return 'service_principal';
  return undefined;
}

/** 0, 50126, "50126" → the number; anything else undefined. */
function errorCode(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * True when a successful sign-in satisfied MFA (required and met, or a strong method succeeded), false when
 * it succeeded on a single factor, undefined when Entra does not say or the sign-in failed.
 */
function mfaSatisfied(e: SignIn, success: boolean): boolean | undefined {
  if (!success) return undefined;
  const requirement = text(e.authenticationRequirement)?.toLowerCase();
  if (requirement === 'multifactorauthentication') return true;
  const details = maybeJson(e.authenticationDetails);
  const strong =
    Array.isArray(details) &&
    details.some(
      (d) =>
        isRecord(d) &&
        bool(d.succeeded) === true &&
        (MFA_METHOD.test(text(d.authenticationMethod) ?? '') || MFA_DETAIL.test(text(d.authenticationStepResultDetail) ?? '')),
    );
  if (strong) return true;
  return requirement === 'singlefactorauthentication' ? false : undefined;
}
