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
  const level = String(risk.level ?? '').toLowerCase();
  if (level === 'low' || level === 'medium' || level === 'high') view.riskLevel = level;
  if (typeof risk.reasons === 'string') view.riskReasons = risk.reasons;

  const threat = d.threatSuspected ?? sec.threatSuspected;
  view.threatSuspected = threat === true || (typeof threat === 'string' && threat.toLowerCase() === 'true');

  const behaviors = toMap(sec.behaviors ?? d.behaviors);
  view.behaviors = Object.entries(behaviors)
    .filter(([, v]) => String(v).toUpperCase() === 'POSITIVE')
    .map(([k]) => k);
  return view;
}

/** Object, JSON string or Java-map string `{a=b, c=d}` → plain record; anything else → {}. */
export function toMap(v: unknown): Record<string, unknown> {
  const parsed = maybeJson(v);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  if (typeof parsed !== 'string') return {};
  const s = parsed.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) return {};
  const out: Record<string, unknown> = {};
  for (const part of s.slice(1, -1).split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
