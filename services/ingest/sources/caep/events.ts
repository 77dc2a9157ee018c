// CAEP and RISC event types → signal type, severity, the subject an unqualified identifier names, and the
// attributes each event carries. Event types not listed (session-established, SSF verification, …) are
// ignored, not dead-lettered. Severities are documented in docs/sources/caep.md.
import { compactAttributes, isRecord, text, type Attributes, type AttributeValue } from '../../kit/index.js';
import { CAEP_EVENT, RISC_EVENT } from './parse.js';
import type { SubjectHint } from './subjects.js';

export interface MappedEvent {
  type: string;
  severity: number;
  hint: SubjectHint;
  attributes: Attributes;
}
type Body = Record<string, unknown>;
type Mapper = (ev: Body) => (Omit<MappedEvent, 'attributes'> & { attributes: Record<string, AttributeValue | undefined> }) | { error: string };

export const SEVERITY = {
  sessionRevoked: 60,
  credentialChange: 40,
  assuranceDecrease: 40,
  assuranceOther: 10,
  deviceNotCompliant: 60,
  deviceCompliant: 10,
  claimsChange: 30,
  risk: { low: 30, medium: 50, high: 80 },
  accountDisabled: 70,
  credentialCompromise: 90,
} as const;

const RISK_LEVELS = ['low', 'medium', 'high'] as const;
const PRINCIPAL_HINT: ReadonlyMap<string, SubjectHint> = new Map([
  ['user', 'user'],
  ['device', 'device'],
  ['session', 'session'],
]);

const sessionRevoked: Mapper = () => ({ type: 'session.revoked', severity: SEVERITY.sessionRevoked, hint: 'session', attributes: {} });

// A Map: the event URI is the issuer's string, and must not find Object.prototype's members.
const MAPPERS: ReadonlyMap<string, Mapper> = new Map(
  Object.entries({
    [`${CAEP_EVENT}session-revoked`]: sessionRevoked,
    [`${CAEP_EVENT}credential-change`]: (ev) => ({
      type: 'identity.credential_change',
      severity: SEVERITY.credentialChange,
      hint: 'user',
      attributes: { change_type: text(ev.change_type), credential_type: text(ev.credential_type), friendly_name: text(ev.friendly_name) },
    }),
    [`${CAEP_EVENT}assurance-level-change`]: (ev) => {
      const direction = text(ev.change_direction)?.toLowerCase();
      return {
        type: 'identity.assurance_change',
        severity: direction === 'decrease' ? SEVERITY.assuranceDecrease : SEVERITY.assuranceOther,
        hint: 'user',
        attributes: {
          namespace: text(ev.namespace),
          current_level: text(ev.current_level),
          previous_level: text(ev.previous_level),
          change_direction: direction,
        },
      };
    },
    [`${CAEP_EVENT}device-compliance-change`]: (ev) => {
      const current = text(ev.current_status)?.toLowerCase();
      if (current !== 'compliant' && current !== 'not-compliant')
        return {
          error: `device-compliance-change: current_status must be "compliant" or "not-compliant", got ${JSON.stringify(ev.current_status ?? null).slice(0, 64)}`,
        };
      const previous = text(ev.previous_status)?.toLowerCase();
      return {
        type: 'device.compliance',
        severity: current === 'compliant' ? SEVERITY.deviceCompliant : SEVERITY.deviceNotCompliant,
        hint: 'device',
        attributes: { compliant: current === 'compliant', previous_compliant: previous === undefined ? undefined : previous === 'compliant' },
      };
    },
    [`${CAEP_EVENT}token-claims-change`]: (ev) => ({
      type: 'identity.claims_change',
      severity: SEVERITY.claimsChange,
      hint: 'user',
      attributes: { changed_claims: isRecord(ev.claims) ? Object.keys(ev.claims).slice(0, 64) : undefined },
    }),
    [`${CAEP_EVENT}risk-level-change`]: (ev) => {
      const level = riskLevel(ev.current_level);
      if (!level)
        return { error: `risk-level-change: current_level must be LOW, MEDIUM or HIGH, got ${JSON.stringify(ev.current_level ?? null).slice(0, 64)}` };
      const principal = text(ev.principal)?.toLowerCase();
      return {
        type: 'identity.risk',
        severity: SEVERITY.risk[level],
        hint: (principal ? PRINCIPAL_HINT.get(principal) : undefined) ?? 'user',
        attributes: { risk_level: level, previous_risk_level: riskLevel(ev.previous_level), risk_reasons: text(ev.risk_reason), principal },
      };
    },
    [`${RISC_EVENT}account-disabled`]: (ev) => ({
      type: 'identity.account_disabled',
      severity: SEVERITY.accountDisabled,
      hint: 'user',
      attributes: { reason: text(ev.reason) },
    }),
    [`${RISC_EVENT}credential-compromise`]: (ev) => ({
      type: 'identity.credential_compromise',
      severity: SEVERITY.credentialCompromise,
      hint: 'user',
      attributes: { credential_type: text(ev.credential_type) },
    }),
    [`${RISC_EVENT}sessions-revoked`]: sessionRevoked,
  } satisfies Record<string, Mapper>),
);

/** The event's mapping, `undefined` for event types Vigil does not map, or an error for a malformed body. */
export function mapEvent(uri: string, ev: Body): MappedEvent | { error: string } | undefined {
  const mapper = MAPPERS.get(uri.replace(/\/$/, ''));
  if (!mapper) return undefined;
  const m = mapper(ev);
  if ('error' in m) return m;
  // Members every CAEP / RISC event may carry; an event's own `reason` (RISC account-disabled) wins.
  const common = { initiating_entity: text(ev.initiating_entity)?.toLowerCase(), reason: localized(ev.reason_admin) ?? localized(ev.reason_user) };
  return { ...m, attributes: compactAttributes(bounded({ ...common, ...definedOnly(m.attributes), event_type: shortName(uri) })) };
}

/** `…/caep/event-type/session-revoked` → `caep.session-revoked`. */
export function shortName(uri: string): string {
  const m = /\/secevent\/([a-z]+)\/event-type\/([A-Za-z0-9_-]+)\/?$/.exec(uri);
  return m ? `${m[1]}.${m[2]}` : uri.slice(0, 256);
}

function riskLevel(v: unknown): (typeof RISK_LEVELS)[number] | undefined {
  const t = text(v)?.toLowerCase();
  return RISK_LEVELS.find((l) => l === t);
}

/** `reason_admin` is a map of language tags to text: English first, else the first one given. */
function localized(v: unknown): string | undefined {
  if (typeof v === 'string') return text(v);
  if (!isRecord(v)) return undefined;
  const key = Object.keys(v).find((k) => k.toLowerCase() === 'en') ?? Object.keys(v).find((k) => k.toLowerCase().startsWith('en')) ?? Object.keys(v)[0];
  return key === undefined ? undefined : text(v[key]);
}

/** Issuers write free text: strings are cut to 1024 characters so a signal stays within the schema's limits. */
function bounded(attrs: Record<string, AttributeValue | undefined>): Record<string, AttributeValue | undefined> {
  const cut = (v: string): string => (v.length > 1024 ? `${v.slice(0, 1023)}…` : v);
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === 'string' ? cut(v) : Array.isArray(v) ? v.map(cut) : v]));
}

function definedOnly(attrs: Record<string, AttributeValue | undefined>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined)) as Record<string, AttributeValue>;
}
