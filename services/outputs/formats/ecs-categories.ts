// ECS categorisation for Vigil alerts: allowed values from the ECS reference and the rules that pick
// `event.category`, `event.type` and `event.outcome` from what the evidence was and what was enforced.
import type { AlertFacts } from './alert-facts.js';

export const EVENT_KINDS = ['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error', 'signal'] as const;
export const EVENT_OUTCOMES = ['failure', 'success', 'unknown'] as const;
export const EVENT_TYPES = [
  'access',
  'admin',
  'allowed',
  'change',
  'connection',
  'creation',
  'deletion',
  'denied',
  'device',
  'end',
  'error',
  'group',
  'indicator',
  'info',
  'installation',
  'protocol',
  'start',
  'user',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** ECS `event.category` allowed values with the `event.type` values ECS expects for each. */
export const EXPECTED_TYPES: Readonly<Record<string, readonly EventType[]>> = {
  api: ['access', 'admin', 'allowed', 'change', 'creation', 'deletion', 'denied', 'end', 'info', 'start', 'user'],
  authentication: ['start', 'end', 'info'],
  configuration: ['access', 'change', 'creation', 'deletion', 'info'],
  database: ['access', 'change', 'info', 'error'],
  driver: ['change', 'end', 'info', 'start'],
  email: ['info'],
  file: ['access', 'change', 'creation', 'deletion', 'info'],
  host: ['access', 'change', 'end', 'info', 'start'],
  iam: ['admin', 'change', 'creation', 'deletion', 'group', 'info', 'user'],
  intrusion_detection: ['allowed', 'denied', 'info'],
  library: ['start'],
  malware: ['allowed', 'deletion', 'denied', 'info'],
  network: ['access', 'allowed', 'connection', 'denied', 'end', 'info', 'protocol', 'start'],
  package: ['access', 'change', 'deletion', 'info', 'installation', 'start'],
  process: ['access', 'change', 'end', 'info', 'start'],
  registry: ['access', 'change', 'creation', 'deletion'],
  session: ['start', 'end', 'info'],
  threat: ['indicator'],
  vulnerability: ['info'],
  web: ['access', 'error', 'info'],
};

/** Signal type prefix → the ECS category its evidence adds (every alert is `intrusion_detection` first). */
const CATEGORY_BY_PREFIX: Readonly<Record<string, string>> = {
  auth: 'authentication',
  identity: 'iam',
  session: 'session',
  endpoint: 'malware',
  device: 'host',
  agent: 'api',
};

/** Signal type prefix → the evidence family named in `rule.category`. */
const FAMILY_BY_PREFIX: Readonly<Record<string, string>> = {
  auth: 'identity',
  identity: 'identity',
  session: 'identity',
  endpoint: 'endpoint',
  device: 'endpoint',
  agent: 'agent',
};

export function eventCategories(facts: AlertFacts): string[] {
  const found = new Set(facts.evidenceTypes.map((t) => CATEGORY_BY_PREFIX[prefix(t)]));
  return ['intrusion_detection', ...Object.values(CATEGORY_BY_PREFIX).filter((c) => found.has(c))];
}

/**
 * Enforced block → `denied`; enforced allow and every shadow alert (nothing was stopped) → `allowed`;
 * step-up (a challenge, neither granted nor refused yet) → `info`. A category that does not expect the
 * main type (e.g. `authentication`) gets `info` beside it, which every category Vigil uses accepts.
 */
export function eventTypes(facts: AlertFacts, categories: readonly string[]): EventType[] {
  const main: EventType = !facts.enforced || facts.action === 'allow' ? 'allowed' : facts.action === 'block' ? 'denied' : 'info';
  const needsInfo = categories.some((c) => !EXPECTED_TYPES[c]?.includes(main));
  return needsInfo && main !== 'info' ? [main, 'info'] : [main];
}

/** `agent`, `endpoint`, `identity` joined by `+` in sorted order, e.g. `agent+endpoint`; undefined without evidence. */
export function ruleCategory(facts: AlertFacts): string | undefined {
  const families = [...new Set(facts.evidenceTypes.map((t) => FAMILY_BY_PREFIX[prefix(t)]).filter((f) => f !== undefined))].sort();
  return families.length ? families.join('+') : undefined;
}

function prefix(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}
