import { describe, expect, it } from 'vitest';
import { MemoryStore, subjectStateKey } from '@vigil/store';
import type { RuleInput } from '../rules/schema.js';
import { Correlator } from './correlator.js';
import { bruteForce, correlator, grantWithoutMfa, ruleSet, sig, T0 } from './testing/factories.js';
import type { SubjectRecord, WindowState } from './state.js';

const coOccurrence: RuleInput = {
  id: 'co',
  version: '1',
  name: 'co',
  kind: 'sequence',
  ordered: false,
  severity: 'low',
  key: 'user',
  window: '10m',
  steps: [{ types: ['auth.failure'] }, { types: ['auth.failure', 'auth.lockout'] }],
  decision: { action: 'step_up', target: 'user', ttl: '5m', reason: 'co' },
};

const match = (id: string, action: 'block' | 'step_up', ttl: string, types = ['endpoint.detection']): RuleInput => ({
  id,
  version: '1',
  name: id,
  kind: 'match',
  severity: 'high',
  select: { types },
  decision: { action, target: 'user', ttl, reason: id },
});

describe('co-occurrence', () => {
  it('needs distinct signals: one signal matching both steps does not complete it alone', async () => {
    const c = correlator([coOccurrence]);
    expect((await c.process([sig('auth.failure', 0, { user: 'a@x' })])).decisions).toHaveLength(0);
    const out = await c.process([sig('auth.failure', 1, { user: 'a@x' })]);
    expect(out.decisions).toHaveLength(1);
    expect(out.decisions[0]!.evidence).toHaveLength(2);
  });

  it('does not complete with the same signal delivered twice', async () => {
    const c = correlator([coOccurrence]);
    const s = sig('auth.failure', 0, { user: 'a@x' }, {}, 'twice');
    expect((await c.process([s, s])).decisions).toHaveLength(0);
  });
});

describe('absence and allowed lateness', () => {
  it('waits for the allowed lateness past the deadline before a later signal proves the absence', async () => {
    const c = correlator([grantWithoutMfa], { allowed_lateness: '5m' });
    await c.process([sig('identity.privilege_grant', 0, { user: 'a@x' })]);
    // 17 minutes: past the 15 m deadline but within lateness; a late MFA sign-in at minute 10 still counts.
    expect((await c.process([sig('auth.success', 17, { user: 'a@x' }, { mfa: false })])).decisions).toHaveLength(0);
    expect((await c.process([sig('auth.success', 10, { user: 'a@x' }, { mfa: true })])).decisions).toHaveLength(0);
    expect((await c.process([sig('auth.success', 30, { user: 'a@x' }, { mfa: false })])).decisions).toHaveLength(0);
  });

  it('fires on a later signal once deadline and lateness have both passed', async () => {
    const c = correlator([grantWithoutMfa], { allowed_lateness: '5m' });
    await c.process([sig('identity.privilege_grant', 0, { user: 'a@x' })]);
    expect((await c.process([sig('auth.success', 19, { user: 'a@x' }, { mfa: false })])).decisions).toHaveLength(0);
    const out = await c.process([sig('auth.success', 21, { user: 'a@x' }, { mfa: false })]);
    expect(out.decisions.map((d) => d.reason)).toEqual(['privilege grant without MFA']);
  });

  it('sweeps on the watermark: deadline plus lateness', async () => {
    const c = correlator([grantWithoutMfa], { allowed_lateness: '5m' });
    await (await c.process([sig('identity.privilege_grant', 0, { user: 'a@x' })])).commit();
    // The service sweeps at max(event time) − lateness.
    expect((await c.sweep(T0 + 14 * 60_000)).decisions).toHaveLength(0);
    expect((await c.sweep(T0 + 15 * 60_000)).decisions).toHaveLength(1);
  });
});

describe('aggregates', () => {
  const avgRule: RuleInput = {
    id: 'avg',
    version: '1',
    name: 'avg',
    kind: 'aggregate',
    severity: 'low',
    key: 'user',
    window: '1h',
    select: { types: ['agent.llm_call'] },
    sum: 'attributes.input_tokens',
    when: {
      all: [
        { fact: 'avg', operator: 'greaterThan', value: 900 },
        { fact: 'count', operator: 'greaterThanInclusive', value: 3 },
      ],
    },
    decision: { action: 'step_up', target: 'user', ttl: '10m', reason: 'avg {{avg}} over {{count}}' },
  };

  it('averages over the signals that carry the field, counting all of them', async () => {
    const c = correlator([avgRule]);
    const out = await c.process([
      sig('agent.llm_call', 0, { user: 'a@x' }, { input_tokens: 1000 }),
      sig('agent.llm_call', 1, { user: 'a@x' }, {}),
      sig('agent.llm_call', 2, { user: 'a@x' }, { input_tokens: 950 }),
    ]);
    // (1000 + 950) / 2, not / 3: the call without a token count is not a zero.
    expect(out.decisions.map((d) => d.reason)).toEqual(['avg 975 over 3']);
  });

  it('keeps at most max_events_per_key entries, with counts and sums exact', async () => {
    const sumRule: RuleInput = {
      ...avgRule,
      id: 'sum',
      when: { all: [{ fact: 'sum', operator: 'greaterThanInclusive', value: 50 }] },
      decision: { action: 'step_up', target: 'user', ttl: '10m', reason: '{{count}} calls, {{sum}} tokens' },
    };
    const store = new MemoryStore();
    const c = new Correlator(ruleSet([sumRule], { max_events_per_key: 8 }), {
      store,
      clock: 'event',
    });
    const out = await c.process(Array.from({ length: 50 }, (_, i) => sig('agent.llm_call', i / 60, { user: 'a@x' }, { input_tokens: 1 })));
    expect(out.decisions.map((d) => d.reason)).toEqual(['50 calls, 50 tokens']);
    const rec = store.getSync<SubjectRecord>(subjectStateKey('user:a@x'))!;
    expect(((rec.s!.sum as WindowState).length - 1) / 4).toBe(8);
  });
});

describe('composite keys', () => {
  it('spells the user part as the user subject does, so one person in two spellings is one window', async () => {
    const spend: RuleInput = {
      id: 'spend',
      version: '1',
      name: 'spend',
      kind: 'aggregate',
      severity: 'low',
      key: ['subjects.user', 'attributes.provider'],
      window: '1h',
      select: { types: ['agent.llm_call'] },
      when: { all: [{ fact: 'count', operator: 'greaterThanInclusive', value: 2 }] },
      decision: { action: 'step_up', target: 'user', ttl: '5m', reason: '{{key}}' },
    };
    const c = correlator([spend]);
    await c.process([sig('agent.llm_call', 0, { user: 'Alice@Acme.example' }, { provider: 'openai' })]);
    const out = await c.process([sig('agent.llm_call', 1, { user: 'alice@acme.example' }, { provider: 'openai' })]);
    expect(out.decisions.map((d) => [d.subject, d.reason])).toEqual([['user:alice@acme.example', 'user:alice@acme.example|openai']]);
  });
});

describe('device ids', () => {
  it('are one subject in any case: one window, and the decision names the lower-cased id', async () => {
    const detections: RuleInput = {
      id: 'det',
      version: '1',
      name: 'detections',
      kind: 'aggregate',
      severity: 'high',
      key: 'device',
      window: '1h',
      select: { types: ['endpoint.detection'] },
      when: { all: [{ fact: 'count', operator: 'greaterThanInclusive', value: 2 }] },
      decision: { action: 'block', target: 'device', ttl: '5m', reason: '{{key}}' },
    };
    const c = correlator([detections]);
    await c.process([sig('endpoint.detection', 0, { device: 'laptop-carol' })]);
    const out = await c.process([sig('endpoint.detection', 1, { device: 'LAPTOP-CAROL' })]);
    expect(out.decisions.map((d) => d.subject)).toEqual(['device:laptop-carol']);
  });
});

describe('conflicts and alerts', () => {
  it('among equal actions the longer ttl wins; a shorter one is superseded', async () => {
    const c = correlator([match('long', 'block', '2h'), match('short', 'block', '10m'), match('longer', 'block', '3h', ['auth.lockout'])]);
    const out = await c.process([sig('endpoint.detection', 0, { user: 'a@x' }), sig('auth.lockout', 1, { user: 'a@x' })]);
    expect(out.decisions.map((d) => d.rule?.id)).toEqual(['long', 'longer']);
    expect(out.hits.find((h) => h.rule === 'short')?.outcome).toBe('superseded');
  });

  it('carries the rule MITRE technique ids into its alerts', async () => {
    const c = correlator([{ ...bruteForce, mitre: ['T1110', 'T1110.001'] }]);
    const out = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' })));
    expect(out.alerts[0]?.rule?.mitre).toEqual(['T1110', 'T1110.001']);
  });
});

describe('bounded memory', () => {
  it('lets a subject expire once its window and lateness are over', async () => {
    let now = T0;
    const store = new MemoryStore({ now: () => now });
    const c = new Correlator(ruleSet([{ ...bruteForce, risk: undefined, decision: undefined } as RuleInput], { allowed_lateness: '1m' }), {
      store,
      clock: 'event',
      now: () => now,
    });
    await (await c.process([sig('auth.failure', 0, { user: 'idle@x' })])).commit();
    expect(store.getSync(subjectStateKey('user:idle@x'))).toBeDefined();
    now = T0 + 10 * 60_000 + 59_000;
    store.refreshClock();
    expect(store.getSync(subjectStateKey('user:idle@x'))).toBeDefined();
    now = T0 + 11 * 60_000 + 1;
    store.refreshClock();
    expect(store.getSync(subjectStateKey('user:idle@x'))).toBeUndefined();
  });

  it('keeps no empty rule-state object on a record whose last rule state is gone', async () => {
    const store = new MemoryStore();
    const c = correlator([grantWithoutMfa], {}, {}, store);
    await c.process([sig('identity.privilege_grant', 0, { user: 'answered@x' })]);
    expect((store.getSync(subjectStateKey('user:answered@x')) as SubjectRecord).s).toBeDefined();
    await c.process([sig('auth.success', 1, { user: 'answered@x' }, { mfa: true })]);
    const rec = store.getSync(subjectStateKey('user:answered@x')) as SubjectRecord;
    expect(rec.s).toBeUndefined();
    // As Redis would store it: no rule-state key at all.
    expect(Object.keys(JSON.parse(JSON.stringify(rec)))).not.toContain('s');
  });
});

describe('ordered sequences and allowed lateness', () => {
  const escalation: RuleInput = {
    id: 'esc',
    version: '1',
    name: 'grant then admin tool',
    kind: 'sequence',
    ordered: true,
    severity: 'critical',
    key: 'user',
    window: '15m',
    steps: [{ types: ['identity.privilege_grant'] }, { types: ['agent.tool_call'] }, { types: ['agent.retrieval'] }],
    decision: { action: 'block', target: 'user', ttl: '1h', reason: 'escalation' },
  };

  it('joins a step that arrives late to the later steps that came before it', async () => {
    const c = correlator([escalation], { allowed_lateness: '5m' });
    // Arrival order: tool call (t=2), retrieval (t=3), then the grant they followed (t=1), 2 minutes late.
    expect((await c.process([sig('agent.tool_call', 2, { user: 'a@x' }), sig('agent.retrieval', 3, { user: 'a@x' })])).decisions).toHaveLength(0);
    const out = await c.process([sig('identity.privilege_grant', 1, { user: 'a@x' })]);
    expect(out.decisions).toHaveLength(1);
    expect(out.decisions[0]!.evidence.map((e) => e.type)).toEqual(['identity.privilege_grant', 'agent.tool_call', 'agent.retrieval']);
  });

  it('does not join a step later than the allowed lateness, nor steps that came before it in event time', async () => {
    const c = correlator([escalation], { allowed_lateness: '1m' });
    await c.process([sig('agent.tool_call', 5, { user: 'a@x' }), sig('agent.retrieval', 6, { user: 'a@x' })]);
    // 5 minutes behind the newest signal: too late.
    expect((await c.process([sig('identity.privilege_grant', 1, { user: 'a@x' })])).decisions).toHaveLength(0);
    const d = correlator([escalation], { allowed_lateness: '5m' });
    await d.process([sig('agent.tool_call', 0, { user: 'b@x' }), sig('agent.retrieval', 1, { user: 'b@x' })]);
    // The grant comes after both in event time: they did not follow it.
    expect((await d.process([sig('identity.privilege_grant', 2, { user: 'b@x' })])).decisions).toHaveLength(0);
  });

  it('matches in order as before when nothing is late', async () => {
    const c = correlator([escalation], { allowed_lateness: '5m' });
    const out = await c.process([
      sig('identity.privilege_grant', 0, { user: 'a@x' }),
      sig('agent.tool_call', 1, { user: 'a@x' }),
      sig('agent.retrieval', 2, { user: 'a@x' }),
    ]);
    expect(out.decisions).toHaveLength(1);
  });
});
