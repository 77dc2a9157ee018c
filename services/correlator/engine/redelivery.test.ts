import { describe, expect, it } from 'vitest';
import { bruteForce, correlator, grantWithoutMfa, sig, T0 } from './testing/factories.js';

// A batch whose outputs were never published (commit() not called) comes back from the bus: what it caused
// must come out again, once published, and never twice.
describe('redelivery after a failed publish, on memory state', () => {
  it('hands out the same decision again for the redelivered batch, and nothing new once it is published', async () => {
    const c = correlator([bruteForce]);
    const batch = [0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' }));
    const failed = await c.process(batch);
    expect(failed.decisions).toHaveLength(1);
    // publish failed: no commit. The bus redelivers the same records.
    const again = await c.process(batch);
    expect(again.decisions.map((d) => d.id)).toEqual(failed.decisions.map((d) => d.id));
    expect(again.alerts.map((a) => a.id)).toEqual(failed.alerts.map((a) => a.id));
    expect(again.audited).toHaveLength(1);
    await again.commit();
    // Published now: a third delivery (at-least-once) finds its effects in state and causes nothing new.
    const third = await c.process(batch);
    expect(third.decisions).toHaveLength(0);
    expect(third.hits.map((h) => h.outcome)).toContain('suppressed');
  });

  it('evaluates the new signals of a redelivered batch that grew', async () => {
    const c = correlator([bruteForce]);
    const first = [0, 1, 2].map((m) => sig('auth.failure', m, { user: 'a@x' }));
    await c.process(first);
    const grown = await c.process([...first, ...[3, 4, 5].map((m) => sig('auth.failure', m, { user: 'b@x' }))]);
    expect(grown.decisions.map((d) => d.subject)).toEqual(['user:a@x', 'user:b@x']);
  });

  it('hands out an absence decision again when the sweep that fired it was not published', async () => {
    const c = correlator([grantWithoutMfa]);
    await (await c.process([sig('identity.privilege_grant', 0, { user: 'a@x' })])).commit();
    const failed = await c.sweep(T0 + 20 * 60_000);
    expect(failed.decisions.map((d) => d.subject)).toEqual(['user:a@x']);
    const again = await c.sweep(T0 + 21 * 60_000);
    expect(again.decisions.map((d) => d.id)).toEqual(failed.decisions.map((d) => d.id));
    await again.commit();
    const after = await c.sweep(T0 + 22 * 60_000);
    expect(after.decisions).toHaveLength(0);
  });
});
