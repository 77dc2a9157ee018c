// What an alert says about who, where and when, worked out once so ECS, OCSF and CEF agree: the subject,
// the user / host / IP to show (subject first, else the newest evidence signal), every one seen, the time range.
import { isIP } from 'node:net';
import { parseSubjectKey, type Action, type Alert, type Signal, type SubjectKind } from '@vigil/schemas';

export interface UserName {
  /** Vigil's canonical user id (lower-cased UPN / e-mail, or `domain\name`). */
  id: string;
  /** The account name without a `domain\` prefix; a UPN stays whole, as IdPs report it. */
  name: string;
  email?: string;
  domain?: string;
}

export interface MitreIds {
  /** Technique ids, parents of sub-techniques included (`T1059`). */
  techniques: string[];
  /** Sub-technique ids (`T1059.001`). */
  subtechniques: string[];
}

export interface AlertFacts {
  subject: { key: string; kind: SubjectKind | undefined; id: string };
  action: Action;
  /** False for shadow alerts: the decision was recorded, nothing was enforced. */
  enforced: boolean;
  user: UserName | undefined;
  users: string[];
  agent: string | undefined;
  device: string | undefined;
  devices: string[];
  session: string | undefined;
  ip: string | undefined;
  ips: string[];
  /** Signal types behind the decision (evidence refs and carried signals), first-seen order. */
  evidenceTypes: string[];
  sources: string[];
  createdMs: number;
  firstSeenMs: number | undefined;
  lastSeenMs: number | undefined;
  mitre: MitreIds;
}

export function alertFacts(alert: Alert): AlertFacts {
  const d = alert.decision;
  const parsed = parseSubjectKey(d.subject);
  const subject = { key: d.subject, kind: parsed?.kind, id: parsed?.id ?? d.subject };
  const newestFirst = [...alert.signals].reverse();
  const named = (kind: SubjectKind): string[] =>
    unique([...(subject.kind === kind ? [subject.id] : []), ...newestFirst.map((s) => s.subjects[kind]).filter(isString)]);
  const users = named('user');
  const ips = unique([...(subject.kind === 'ip' ? [subject.id] : []), ...newestFirst.flatMap(signalIps)]).filter(isIpAddress);
  const times = [...d.evidence.map((e) => e.time), ...alert.signals.map((s) => s.time)].map(Date.parse).filter(Number.isFinite);
  return {
    subject,
    action: d.action,
    enforced: alert.kind !== 'shadow' && d.mode === 'enforce',
    user: users[0] === undefined ? undefined : userName(users[0]),
    users,
    agent: named('agent')[0],
    device: named('device')[0],
    devices: named('device'),
    session: named('session')[0],
    ip: ips[0],
    ips,
    evidenceTypes: unique([...d.evidence.map((e) => e.type), ...alert.signals.map((s) => s.type)]),
    sources: unique([...d.evidence.map((e) => e.source), ...alert.signals.map((s) => s.source)]),
    createdMs: Date.parse(alert.created_at),
    firstSeenMs: times.length ? Math.min(...times) : undefined,
    lastSeenMs: times.length ? Math.max(...times) : undefined,
    mitre: splitMitre(alert.rule?.mitre ?? []),
  };
}

/** `alice@acme.example` → e-mail and domain; `acme\bob` → name `bob`, domain `acme`; anything else is a bare name. */
export function userName(id: string): UserName {
  const slash = id.lastIndexOf('\\');
  if (slash > 0 && slash < id.length - 1) return { id, name: id.slice(slash + 1), domain: id.slice(0, slash) };
  const at = id.lastIndexOf('@');
  if (at > 0 && at < id.length - 1 && !/\s/.test(id)) return { id, name: id, email: id, domain: id.slice(at + 1) };
  return { id, name: id };
}

export function splitMitre(ids: readonly string[]): MitreIds {
  const techniques: string[] = [];
  const subtechniques: string[] = [];
  for (const id of ids) {
    const dot = id.indexOf('.');
    techniques.push(dot < 0 ? id : id.slice(0, dot));
    if (dot >= 0) subtechniques.push(id);
  }
  return { techniques: unique(techniques), subtechniques: unique(subtechniques) };
}

/** A valid IPv4 / IPv6 literal without a zone: what SIEM `ip` fields accept. */
export function isIpAddress(v: string): boolean {
  return isIP(v) !== 0 && !v.includes('%');
}

/** Sensor / MDE / Entra device ids (long hex, GUIDs) are ids, not host names. */
export function looksOpaqueId(device: string): boolean {
  return /^[0-9a-f]{32,64}$/i.test(device) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(device);
}

/** The IPs a signal names: its `ip` subject and an `ip` attribute. */
export function signalIps(s: Signal): string[] {
  const attr = s.attributes['ip'];
  return [s.subjects.ip, typeof attr === 'string' ? attr : undefined].filter(isString);
}

export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function isString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/** One human line for SIEM list views: the title, then the decision's reason when it adds something. */
export function alertMessage(alert: Alert): string {
  const title = alert.title.trim();
  const reason = alert.decision.reason.trim();
  if (!reason || title.includes(reason)) return title || `${alert.decision.action} ${alert.decision.subject}`;
  return title ? `${title} — ${reason}` : reason;
}

/** From the subject's side: refused → failure; let through (or shadow: nothing enforced) → success; step-up pending → unknown. */
export function subjectOutcome(facts: AlertFacts): 'failure' | 'success' | 'unknown' {
  if (!facts.enforced || facts.action === 'allow') return 'success';
  return facts.action === 'block' ? 'failure' : 'unknown';
}
