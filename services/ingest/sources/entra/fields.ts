// Field readers the Entra normalizers share: the user behind a UPN or object id, location, risk levels and
// states, and the loose booleans / lists that Azure exports write as strings.
import type { AliasMap } from '../../aliases.js';
import { countryCode, maybeJson, resolveSubject, statusName, text, type AttributeValue } from '../../kit/index.js';
import type { Location } from './parse.js';

export type RiskLevel = 'none' | 'low' | 'medium' | 'high';
const LEVELS: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];

/** identity.risk severity per level (docs/sources/entra.md); also the floor a risky sign-in raises to. */
export const RISK_SEVERITY: Readonly<Record<RiskLevel, number>> = { none: 10, low: 30, medium: 50, high: 80 };
/** A detection or user whose level Entra hides (no P2 licence) was still flagged: medium. */
export const UNKNOWN_RISK_SEVERITY = 50;
export const CONFIRMED_COMPROMISED_SEVERITY = 90;

/** Risk states after which Entra no longer holds the user at risk. */
const CLOSED_STATES = new Set(['remediated', 'dismissed', 'confirmed_safe']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `low`/`Medium`/`HIGH`/`none` → the level; `hidden`, `unknownFutureValue` and anything else → undefined. */
export function riskLevel(v: unknown): RiskLevel | undefined {
  const t = text(v)?.toLowerCase();
  return LEVELS.find((l) => l === t);
}

export function higherRisk(a: RiskLevel | undefined, b: RiskLevel | undefined): RiskLevel | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

/** `atRisk` → `at_risk`, `confirmedCompromised` → `confirmed_compromised`. */
export function riskState(v: unknown): string | undefined {
  return statusName(v);
}

export function isClosedRiskState(state: string | undefined): boolean {
  return state !== undefined && CLOSED_STATES.has(state);
}

/**
 * The user as the alias map knows them. The UPN comes first; when it is a GUID (guests, some
 * non-interactive sign-ins) the object id is the better key, as alias files list Entra object ids.
 */
export function userSubject(aliases: AliasMap, upn: unknown, objectId: unknown): string | undefined {
  const u = text(upn);
  const id = text(objectId);
  const candidates = u && GUID.test(u) ? [id, u] : [u, id];
  return resolveSubject(aliases.user, candidates, 320);
}

export function locationAttributes(loc: Location): Record<string, AttributeValue | undefined> {
  const country = text(loc?.countryOrRegion);
  return {
    country: country ? countryCode(country) : undefined,
    city: text(loc?.city),
    lat: coordinate(loc?.geoCoordinates?.latitude, 90),
    lon: coordinate(loc?.geoCoordinates?.longitude, 180),
  };
}

/** `true` / `"True"` → true, `false` / `"false"` → false, anything else undefined. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const t = text(v)?.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** A list of strings, also when exported as a JSON string (`"[\"a\",\"b\"]"`) or a comma list. */
export function stringList(v: unknown, max = 64): string[] {
  const parsed = maybeJson(v);
  const items = Array.isArray(parsed) ? parsed : typeof parsed === 'string' ? parsed.split(',') : [];
  const out: string[] = [];
  for (const item of items) {
    const t = text(item);
    if (t && t.length <= 256 && !out.includes(t) && out.length < max) out.push(t);
  }
  return out;
}

function coordinate(v: unknown, limit: number): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}
