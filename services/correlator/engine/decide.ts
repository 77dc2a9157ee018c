// Turning a rule hit into a Decision and an Alert: stable ids, reason templates, evidence, expiry.
import { stableId } from '@vigil/core';
import { parseIsoMs, toIsoMs, type Alert, type Decision, type Evidence, type Signal } from '@vigil/schemas';
import type { CompiledRule, SubjectKeys } from './compiled-rule.js';
import type { EvidenceTuple } from './state.js';

export interface Hit {
  rule: CompiledRule;
  target: string;
  signal: Signal;
  /** What led to the hit; undefined: the triggering signal alone (built only if a decision is). */
  evidence: EvidenceTuple[] | undefined;
  facts: Record<string, unknown>;
  risk: number;
  key: string | undefined;
  /** The signal's subject keys, when the hit comes from a live signal (not an absence sweep). */
  keys?: SubjectKeys;
}

export function evidenceOf(s: Signal, time: number): EvidenceTuple {
  return [s.id, s.source, s.type, time];
}

export function buildDecision(hit: Hit, issuedAt: number): Decision {
  const { rule: cr, signal } = hit;
  const spec = cr.rule.decision!;
  const evidence: Evidence[] = (hit.evidence ?? [evidenceOf(signal, parseIsoMs(signal.time))]).slice(-100).map(([signal_id, source, type, t]) => ({
    signal_id,
    source: source as Evidence['source'],
    type,
    time: toIsoMs(t)!,
  }));
  return {
    v: 1,
    id: stableId('dec', cr.rule.id, cr.rule.version, hit.target, signal.id),
    subject: hit.target,
    action: spec.action,
    reason: renderReason(spec.reason, hit),
    rule: { id: cr.rule.id, version: cr.rule.version },
    risk: Math.round(Math.min(100, Math.max(0, hit.risk))),
    severity: cr.rule.severity,
    evidence,
    ...(signal.trace ? { trace: signal.trace } : {}),
    issued_at: toIsoMs(issuedAt)!,
    expires_at: toIsoMs(issuedAt + cr.ttlMs)!,
    mode: cr.rule.mode,
  };
}

export function buildAlert(decision: Decision, hit: Hit): Alert {
  const r = hit.rule.rule;
  return {
    v: 1,
    id: `alr_${decision.id.slice(decision.id.indexOf('_') + 1)}`,
    kind: decision.mode === 'shadow' ? 'shadow' : 'decision',
    created_at: decision.issued_at,
    severity: decision.severity,
    risk: decision.risk,
    title: `${r.name}: ${decision.action} ${decision.subject}`,
    rule: { id: r.id, version: r.version, name: r.name, ...(r.description ? { description: r.description } : {}), mitre: r.mitre },
    decision,
    signals: [hit.signal],
  };
}

const TEMPLATE = /\{\{\s*([a-zA-Z_][\w.]*)\s*\}\}/g;

export function renderReason(template: string, hit: Hit): string {
  return template.replace(TEMPLATE, (_m, path: string) => {
    if (path === 'key') return hit.key ?? '';
    if (path === 'target') return hit.target;
    let v: unknown = path.startsWith('signal.') ? hit.signal : hit.facts;
    for (const p of path.startsWith('signal.') ? path.slice(7).split('.') : path.split('.')) {
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    }
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
    return v === undefined || v === null ? '' : String(v);
  });
}
