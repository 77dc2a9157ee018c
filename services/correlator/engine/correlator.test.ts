import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../rules/schema.js';
import { MemoryStore } from '@vigil/store';
import type { SubjectRecord } from './state.js';
import { bruteForce, correlator, grantWithoutMfa, sig, T0 } from './testing/factories.js';

describe('correlator', () => {
  it('counts per key in a sliding event-time window and fills the reason template', async () => {
    const c = correlator([bruteForce]);
    const out = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' })));
    expect(out.decisions).toHaveLength(1);
    expect(out.decisions[0]).toMatchObject({ subject: 'user:a@x', action: 'step_up', reason: '3 failures', mode: 'enforce', rule: { id: 'bf', version: '1' } });
    expect(out.decisions[0]!.evidence[0]!.signal_id).toBeDefined();
    expect(Date.parse(out.decisions[0]!.expires_at) - Date.parse(out.decisions[0]!.issued_at)).toBe(30 * 60_000);
  });

  it("keeps a subject's rule states and suppressions under sorted keys, whichever rule hit first", async () => {
    const store = new MemoryStore();
    const counting = (id: string, type: string): RuleInput => ({
      ...(bruteForce as Extract<RuleInput, { kind: 'aggregate' }>),
      id,
      select: { types: [type] },
      when: { all: [{ fact: 'count', operator: 'greaterThanInclusive', value: 1 }] },
    });
    const [zRule, aRule] = [counting('z-bf', 'auth.failure'), counting('a-bf', 'auth.mfa_denied')];
    const c = correlator([zRule, aRule], {}, {}, store);
    const out = await c.process([sig('auth.failure', 0, { user: 'a@x' }), sig('auth.mfa_denied', 1, { user: 'a@x' })]);
    await out.commit();
    expect(out.audited.map((d) => d.rule?.id)).toEqual(['z-bf', 'a-bf']);
    const rec = store.getSync<SubjectRecord>('{user:a@x}')!;
    expect(Object.keys(rec.s!)).toEqual(['a-bf', 'z-bf']);
    expect(Object.keys(rec.p!.s!)).toEqual(['a-bf', 'z-bf']);
  });

  it('does not count a redelivered signal twice', async () => {
    const c = correlator([bruteForce]);
    const s = sig('auth.failure', 0, { user: 'a@x' }, {}, 'same');
    const out = await c.process([s, s, s, sig('auth.failure', 1, { user: 'a@x' })]);
    expect(out.decisions).toHaveLength(0);
  });

  it('accepts a late signal inside the window and ignores one that fell out of it', async () => {
    const c = correlator([bruteForce]);
    const out = await c.process([sig('auth.failure', 9, { user: 'a@x' }), sig('auth.failure', 10, { user: 'a@x' }), sig('auth.failure', 8, { user: 'a@x' })]);
    expect(out.decisions).toHaveLength(1);
    const c2 = correlator([bruteForce]);
    const out2 = await c2.process([
      sig('auth.failure', 20, { user: 'a@x' }),
      sig('auth.failure', 21, { user: 'a@x' }),
      sig('auth.failure', 5, { user: 'a@x' }),
    ]);
    expect(out2.decisions).toHaveLength(0);
  });

  it('adds decaying risk that conditions can read', async () => {
    const riskRule: RuleInput = {
      id: 'risky',
      version: '1',
      name: 'risky',
      kind: 'match',
      severity: 'high',
      select: { types: ['agent.tool_call'] },
      when: { all: [{ fact: 'user', path: '$.risk', operator: 'greaterThan', value: 30 }] },
      decision: { action: 'block', target: 'agent', ttl: '10m', reason: 'risky user' },
    };
    const c = correlator([bruteForce, riskRule], { risk: { half_life: '1h' } });
    await (await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' })))).commit();
    const soon = await c.process([sig('agent.tool_call', 10, { agent: 'bot', user: 'a@x' })]);
    expect(soon.decisions.map((d) => d.subject)).toEqual(['agent:bot']);
    // Two half-lives later 40 has decayed to 10: below the threshold.
    const later = await c.process([sig('agent.tool_call', 130, { agent: 'bot2', user: 'a@x' })]);
    expect(later.decisions).toHaveLength(0);
  });

  it('resolves conflicts: a weaker decision never replaces an active stronger one', async () => {
    const block: RuleInput = {
      id: 'blk',
      version: '1',
      name: 'blk',
      kind: 'match',
      severity: 'high',
      select: { types: ['endpoint.detection'] },
      decision: { action: 'block', target: 'user', ttl: '1h', reason: 'b' },
    };
    const c = correlator([bruteForce, block]);
    const out = await c.process([sig('endpoint.detection', 0, { user: 'a@x' }), ...[1, 2, 3].map((m) => sig('auth.failure', m, { user: 'a@x' }))]);
    expect(out.decisions.map((d) => d.action)).toEqual(['block']);
    expect(out.hits.map((h) => h.outcome)).toContain('superseded');
  });

  it('keeps shadow decisions out of enforcement but alerts and audits them', async () => {
    const c = correlator([{ ...bruteForce, mode: 'shadow' }]);
    const out = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' })));
    expect(out.decisions).toHaveLength(0);
    expect(out.audited).toHaveLength(1);
    expect(out.alerts[0]).toMatchObject({ kind: 'shadow', decision: { mode: 'shadow' } });
  });

  it('honours exceptions', async () => {
    const c = correlator([{ ...bruteForce, exceptions: [{ all: [{ fact: 'signal', path: '$.subjects.user', operator: 'equal', value: 'svc@x' }] }] }]);
    const out = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'svc@x' })));
    expect(out.decisions).toHaveLength(0);
    expect(out.hits.at(-1)?.outcome).toBe('excepted');
  });

  it('fires an absence rule when B does not follow A in time, and not when it does', async () => {
    const c = correlator([grantWithoutMfa]);
    await (
      await c.process([
        sig('identity.privilege_grant', 0, { user: 'a@x' }),
        sig('identity.privilege_grant', 0, { user: 'b@x' }),
        sig('auth.success', 5, { user: 'b@x' }, { mfa: true }),
      ])
    ).commit();
    const swept = await c.sweep(T0 + 20 * 60_000);
    expect(swept.decisions.map((d) => d.subject)).toEqual(['user:a@x']);
  });

  it('matches an unordered co-occurrence in either order', async () => {
    const co: RuleInput = {
      id: 'co',
      version: '1',
      name: 'co',
      kind: 'sequence',
      ordered: false,
      severity: 'low',
      key: 'user',
      window: '10m',
      steps: [{ types: ['auth.mfa_denied'] }, { types: ['auth.lockout'] }],
      decision: { action: 'step_up', target: 'user', ttl: '5m', reason: 'co' },
    };
    const c = correlator([co]);
    const out = await c.process([sig('auth.lockout', 0, { user: 'a@x' }), sig('auth.mfa_denied', 3, { user: 'a@x' })]);
    expect(out.decisions).toHaveLength(1);
  });

  it('lets an operator unblock clear the active decision and suppression, so new evidence decides again', async () => {
    const store = new MemoryStore();
    const c = correlator([bruteForce], {}, {}, store);
    const first = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' })));
    await first.commit();
    expect(first.decisions).toHaveLength(1);
    const suppressed = await c.process([sig('auth.failure', 3, { user: 'a@x' })]);
    expect(suppressed.hits.at(-1)?.outcome).toBe('suppressed');
    const unblock = { ...first.decisions[0]!, id: 'ovr-1', action: 'allow' as const, rule: undefined, override: { by: 'operator:alice' } };
    await c.applyOverrides([unblock]);
    // Cleared, not left as keys: the record Redis would store names no action, expiry or suppression.
    const stored = JSON.parse(JSON.stringify(store.getSync<SubjectRecord>('{user:a@x}'))) as SubjectRecord;
    expect(Object.keys(stored.p!).sort()).toEqual(['h', 'r', 'rt']);
    const again = await c.process([sig('auth.failure', 4, { user: 'a@x' })]);
    expect(again.decisions.map((d) => d.subject)).toEqual(['user:a@x']);
  });

  it('treats an operator block as the active decision: a weaker rule decision is superseded', async () => {
    const c = correlator([bruteForce]);
    const now = new Date(T0).toISOString();
    const later = new Date(T0 + 3_600_000).toISOString();
    await c.applyOverrides([
      {
        v: 1,
        id: 'ovr-2',
        subject: 'user:a@x',
        action: 'block',
        reason: 'kill switch',
        override: { by: 'operator:bob' },
        risk: 0,
        severity: 'high',
        evidence: [],
        issued_at: now,
        expires_at: later,
        mode: 'enforce',
      },
    ]);
    const out = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' })));
    expect(out.decisions).toHaveLength(0);
    expect(out.hits.at(-1)?.outcome).toBe('superseded');
  });
});
