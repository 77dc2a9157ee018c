// Per-subject profile logic: exponentially decaying risk, active decision, suppression.
import type { ProfileState } from './state.js';

/**
 * Every field is there from the start, undefined until set (JSON, and so Redis, leaves them out): every profile
 * has one hidden class and keeps its fields in the object itself. Fields added as decisions came made a few
 * classes and a separate property store per profile, and clearing them with `delete` put the profile into
 * dictionary mode; they are cleared by setting them undefined.
 */
export function emptyProfile(now: number): ProfileState {
  return { r: 0, rt: now, h: undefined, a: undefined, ax: undefined, ar: undefined, s: undefined };
}

/** Risk at time `at`: the stored score halved every half-life since it was written. */
export function riskAt(p: ProfileState | undefined, at: number, halfLifeMs: number): number {
  if (!p || p.r === 0) return 0;
  const dt = Math.max(0, at - p.rt);
  return p.r * Math.pow(0.5, dt / halfLifeMs);
}

/** Adds a contribution (clamped to 0–100), once per signal fingerprint. Returns false for a repeat. */
export function addRisk(p: ProfileState, amount: number, at: number, halfLifeMs: number, fingerprint: number): boolean {
  const seen = (p.h ??= []);
  if (seen.includes(fingerprint)) return false;
  seen.push(fingerprint);
  if (seen.length > 16) seen.shift();
  const current = riskAt(p, at, halfLifeMs);
  p.r = Math.min(100, Math.max(0, current + amount));
  p.rt = Math.max(at, p.rt);
  return true;
}

export function activeAction(p: ProfileState | undefined, wallNow: number): 'allow' | 'step_up' | 'block' {
  if (!p?.a || (p.ax ?? 0) <= wallNow) return 'allow';
  return p.a;
}
