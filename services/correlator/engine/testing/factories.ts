// Factories for correlator tests: signals on a fixed event-time origin, rule sets from rule inputs.
import type { Signal } from '@vigil/schemas';
import { MemoryStore, type Store } from '@vigil/store';
import { RuleSchema, RuleSettingsSchema, type RuleInput } from '../../rules/schema.js';
import { Correlator } from '../correlator.js';
import { compileRuleSet, type RuleSet } from '../rule-set.js';

export const T0 = Date.UTC(2026, 2, 2, 9);
let n = 0;

/** A signal `minute` minutes after T0 (fractions allowed); ids are unique unless given. */
export const sig = (type: string, minute: number, subjects: Signal['subjects'], attributes: Signal['attributes'] = {}, id?: string): Signal => ({
  v: 1,
  id: id ?? `s${n++}`,
  time: new Date(T0 + minute * 60_000).toISOString(),
  source: 'custom',
  type,
  severity: 0,
  subjects,
  attributes,
});

export function ruleSet(rules: RuleInput[], settings = {}, lists: Record<string, string[]> = {}): RuleSet {
  return compileRuleSet(
    rules.map((r) => RuleSchema.parse(r)),
    RuleSettingsSchema.parse(settings),
    lists,
  );
}

export function correlator(rules: RuleInput[], settings = {}, lists: Record<string, string[]> = {}, store: Store = new MemoryStore()): Correlator {
  return new Correlator(ruleSet(rules, settings, lists), { store, clock: 'event' });
}

export const bruteForce: RuleInput = {
  id: 'bf',
  version: '1',
  name: 'bf',
  kind: 'aggregate',
  severity: 'medium',
  key: 'user',
  window: '10m',
  select: { types: ['auth.failure'] },
  when: { all: [{ fact: 'count', operator: 'greaterThanInclusive', value: 3 }] },
  risk: { add: 40 },
  decision: { action: 'step_up', target: 'user', ttl: '30m', reason: '{{count}} failures' },
};

export const grantWithoutMfa: RuleInput = {
  id: 'grant-no-mfa',
  version: '1',
  name: 'grant without mfa',
  kind: 'absence',
  severity: 'high',
  key: 'user',
  select: { types: ['identity.privilege_grant'] },
  expect: { types: ['auth.success'], where: { all: [{ fact: 'signal', path: '$.attributes.mfa', operator: 'equal', value: true }] } },
  within: '15m',
  decision: { action: 'step_up', target: 'user', ttl: '30m', reason: 'privilege grant without MFA' },
};
