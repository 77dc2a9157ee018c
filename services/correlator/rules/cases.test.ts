// Rule cases run on event time up to their last signal, or to an explicit `until` / `advance`: an absence
// whose deadline lies after the end of the case has not fired.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleCases } from './cases.js';
import { loadRules } from './load.js';

const grant = { type: 'identity.privilege_grant', time: '2026-03-02T09:00:00.000Z', subjects: { user: 'dana@acme.example' } };
const stepUp = [{ subject: 'user:dana@acme.example', action: 'step_up' }];

function run(cases: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cases-'));
  const rule = {
    id: 'grant-without-mfa',
    version: '1',
    name: 'n',
    severity: 'high',
    kind: 'absence',
    key: 'user',
    within: '15m',
    select: { types: ['identity.privilege_grant'] },
    expect: { types: ['auth.success'] },
    decision: { action: 'step_up', target: 'user', ttl: '30m', reason: 'r' },
    cases,
  };
  writeFileSync(join(dir, 'a.json'), JSON.stringify(rule));
  const loaded = loadRules(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return runRuleCases(loaded.ruleSet);
}

describe('rule cases on event time', () => {
  it('end-of-case: an absence due after the last signal does not fire', async () => {
    const [r] = await run([{ name: 'pending', signals: [grant], expect: stepUp }]);
    expect(r).toMatchObject({ passed: false, actual: [] });
  });

  it('advance: running the clock past the deadline fires it', async () => {
    const results = await run([
      { name: 'advance', signals: [grant], advance: '20m', expect: stepUp },
      { name: 'not far enough', signals: [grant], advance: '10m', expect: [] },
      { name: 'until', signals: [grant], until: '2026-03-02T09:15:00.000Z', expect: stepUp },
    ]);
    expect(results.map((r) => [r.case, r.passed])).toEqual([
      ['advance', true],
      ['not far enough', true],
      ['until', true],
    ]);
  });
});
