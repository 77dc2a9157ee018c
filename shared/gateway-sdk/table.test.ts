import { describe, expect, it } from 'vitest';
import type { Decision } from '@vigil/schemas';
import { EnforcementTable } from './table.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function decision(over: Partial<Decision> & { at: number; ttlMs?: number }): Decision {
  const { at, ttlMs = 600_000, ...rest } = over;
  return {
    v: 1,
    id: `dec_${Math.random().toString(36).slice(2)}`,
    subject: 'user:dana@acme.example',
    action: 'block',
    reason: 'test',
    rule: { id: 'r1', version: '1' },
    risk: 50,
    severity: 'high',
    evidence: [],
    issued_at: iso(at),
    expires_at: iso(at + ttlMs),
    mode: 'enforce',
    ...rest,
  };
}
const override = (action: Decision['action'], at: number, ttlMs = 600_000): Decision => {
  const { rule: _r, ...d } = decision({ action, at, ttlMs });
  return { ...d, override: { by: 'operator:ops' } };
};

describe('enforcement table', () => {
  it('keeps the newest rule decision and honours expiry', () => {
    let now = T0;
    const t = new EnforcementTable(() => now);
    expect(t.apply(decision({ action: 'step_up', at: T0 }))).toBe(true);
    expect(t.apply(decision({ action: 'block', at: T0 - 1000 }))).toBe(false);
    expect(t.check(['user:dana@acme.example']).action).toBe('step_up');
    now = T0 + 600_000;
    expect(t.check(['user:dana@acme.example'])).toEqual({ action: 'allow', decision: undefined });
    expect(t.purge()).toBe(1);
  });

  it('lets an active override win over later rule decisions, then falls back to them', () => {
    let now = T0;
    const t = new EnforcementTable(() => now);
    t.apply(override('block', T0, 60_000));
    t.apply(decision({ action: 'step_up', at: T0 + 1000, ttlMs: 600_000 }));
    expect(t.check(['user:dana@acme.example']).action).toBe('block');
    now = T0 + 61_000;
    expect(t.check(['user:dana@acme.example']).action).toBe('step_up');
  });

  it('an allow override is an exemption for its ttl, and an unblock ends older rule decisions', () => {
    let now = T0;
    const t = new EnforcementTable(() => now);
    t.apply(decision({ action: 'block', at: T0 }));
    t.apply(override('allow', T0 + 1000, 0));
    expect(t.check(['user:dana@acme.example']).action).toBe('allow');
    t.apply(decision({ action: 'block', at: T0 + 500 }));
    expect(t.check(['user:dana@acme.example']).action).toBe('allow');
    t.apply(override('allow', T0 + 2000, 60_000));
    t.apply(decision({ action: 'block', at: T0 + 3000 }));
    expect(t.check(['user:dana@acme.example'])).toMatchObject({ action: 'allow', decision: { override: { by: 'operator:ops' } } });
    now = T0 + 62_001;
    expect(t.check(['user:dana@acme.example']).action).toBe('block');
  });

  it('picks the strongest action over all subjects and ignores shadow decisions and repeats', () => {
    const t = new EnforcementTable(() => T0);
    const step = decision({ action: 'step_up', at: T0, subject: 'user:dana@acme.example' });
    expect(t.apply(step)).toBe(true);
    expect(t.apply(step)).toBe(false);
    t.apply(decision({ action: 'block', at: T0, subject: 'agent:finance-bot' }));
    expect(t.apply(decision({ action: 'block', at: T0, subject: 'device:laptop-1', mode: 'shadow' }))).toBe(false);
    expect(t.check(['user:dana@acme.example', 'agent:finance-bot']).action).toBe('block');
    expect(t.check(['user:dana@acme.example', 'device:laptop-1']).action).toBe('step_up');
    expect(t.check(['device:laptop-1']).action).toBe('allow');
  });
});
