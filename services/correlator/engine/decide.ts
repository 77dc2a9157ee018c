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

/** A reason template split once into literal text and placeholders (`{{count}}`, `{{signal.type}}`). */
type Part = string | { path: string; fromSignal: boolean; steps: string[] };
// Templates come from the rules: a handful per rule set, kept for the life of the process.
const compiledTemplates = new Map<string, Part[]>();

function partsOf(template: string): Part[] {
  let parts = compiledTemplates.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    const path = m[1]!;
    const fromSignal = path.startsWith('signal.');
    parts.push({ path, fromSignal, steps: fromSignal ? path.slice(7).split('.') : path.split('.') });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  compiledTemplates.set(template, parts);
  return parts;
}

export function renderReason(template: string, hit: Hit): string {
  let out = '';
  for (const part of partsOf(template)) out += typeof part === 'string' ? part : placeholder(part, hit);
  return out;
}

function placeholder(part: Exclude<Part, string>, hit: Hit): string {
  if (part.path === 'key') return hit.key ?? '';
  if (part.path === 'target') return hit.target;
  let v: unknown = part.fromSignal ? hit.signal : hit.facts;
  for (const p of part.steps) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return v === undefined || v === null ? '' : String(v);
}
