// Okta debugData is not a stable contract: risk, behaviors and threatSuspected arrive as strings,
// lists, Java-map strings ("{level=HIGH}") or JSON inside strings (logOnlySecurityData). Read defensively.
import { maybeJson } from '../../kit/index.js';

export interface OktaRiskView {
  riskLevel?: 'low' | 'medium' | 'high';
  riskReasons?: string;
  threatSuspected: boolean;
  behaviors: string[];
}

export function readDebugData(debugData: unknown): OktaRiskView {
  const view: OktaRiskView = { threatSuspected: false, behaviors: [] };
  if (!debugData || typeof debugData !== 'object') return view;
  const d = debugData as Record<string, unknown>;
  const security = maybeJson(d.logOnlySecurityData);
  const sec = security && typeof security === 'object' ? (security as Record<string, unknown>) : {};

  const risk = toMap(sec.risk ?? d.risk);
  const level = typeof risk.level === 'string' ? risk.level.trim().toLowerCase() : '';
  if (level === 'low' || level === 'medium' || level === 'high') view.riskLevel = level;
  if (typeof risk.reasons === 'string') view.riskReasons = risk.reasons;

  const threat = d.threatSuspected ?? sec.threatSuspected;
  view.threatSuspected = threat === true || (typeof threat === 'string' && threat.toLowerCase() === 'true');

  view.behaviors = readBehaviors(sec.behaviors ?? d.behaviors);
  return view;
}

/**
 * Behaviors Okta detected: a map of behavior → POSITIVE/NEGATIVE (object, JSON or Java-map string), or a
 * plain list of the detected ones (`["New Device", "New IP"]`, also as a JSON string).
 */
function readBehaviors(v: unknown): string[] {
  const parsed = maybeJson(v);
  if (Array.isArray(parsed)) return parsed.filter((b): b is string => typeof b === 'string' && b.trim() !== '').map((b) => b.trim());
  return Object.entries(toMap(parsed))
    .filter(([, value]) => typeof value === 'string' && value.trim().toUpperCase() === 'POSITIVE')
    .map(([k]) => k);
}

/**
 * Object, JSON string or Java-map string → plain record; anything else (arrays included) → {}.
 * A Java map (`{reasons=Anomalous Device, Anomalous Location, level=HIGH}`) splits only where `, key=`
 * starts the next entry, so a value that holds commas stays whole.
 */
export function toMap(v: unknown): Record<string, unknown> {
  const parsed = maybeJson(v);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  if (typeof parsed !== 'string') return {};
  const s = parsed.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return {};
  // Null prototype: a vendor key "__proto__" or "constructor" stays plain data.
  const out = Object.create(null) as Record<string, unknown>;
  let last: string | undefined;
  for (const part of s.slice(1, -1).split(/,\s*/)) {
    const m = /^\s*([^=,{}]+?)\s*=(.*)$/.exec(part);
    if (m) {
      last = m[1]!;
      out[last] = m[2]!.trim();
    } else if (last !== undefined && part.trim()) out[last] = `${String(out[last])}, ${part.trim()}`;
  }
  return out;
}
