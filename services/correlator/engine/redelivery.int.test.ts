import { describe, expect, it } from 'vitest';
import { useRedisStore } from '../../../test/helpers/redis-store.js';
import { bruteForce, correlator, grantWithoutMfa, sig, T0 } from './testing/factories.js';

// On Redis, state is written only by commit(): an unpublished batch or sweep is simply evaluated again.
describe('redelivery after a failed publish, on Redis state', () => {
  const { store } = useRedisStore();

  it('evaluates a redelivered batch afresh and gives the same decision, once', async () => {
    const c = correlator([bruteForce], {}, {}, store);
    const batch = [0, 1, 2].map((m) => sig('auth.failure', m, { user: 'redis-a@x' }));
    const failed = await c.process(batch);
    // As the service does when publishing fails: the batch's claims on the subjects go back unwritten.
    await failed.release();
    const again = await c.process(batch);
    expect(again.decisions.map((d) => d.id)).toEqual(failed.decisions.map((d) => d.id));
    expect(again.decisions).toHaveLength(1);
    await again.commit();
    expect((await c.process(batch)).decisions).toHaveLength(0);
  });

  it('fires, after a restart, the absence an earlier instance scheduled (deadlines live in Redis)', async () => {
    const before = correlator([grantWithoutMfa], {}, {}, store);
    await (await before.process([sig('identity.privilege_grant', 0, { user: 'redis-restart@x' })])).commit();
    // A new process: nothing of the first one's memory survives, only Redis.
    const after = correlator([grantWithoutMfa], {}, {}, store);
    expect((await after.sweep(T0 + 10 * 60_000)).decisions).toHaveLength(0);
    const fired = await after.sweep(T0 + 20 * 60_000);
    expect(fired.decisions.map((d) => d.subject)).toEqual(['user:redis-restart@x']);
    await fired.commit();
    expect((await after.sweep(T0 + 30 * 60_000)).decisions).toHaveLength(0);
    expect((await before.sweep(T0 + 30 * 60_000)).decisions).toHaveLength(0);
  });

  it('sweeps the deadlines of an unpublished sweep again', async () => {
    const c = correlator([grantWithoutMfa], {}, {}, store);
    await (await c.process([sig('identity.privilege_grant', 0, { user: 'redis-b@x' })])).commit();
    const failed = await c.sweep(T0 + 20 * 60_000);
    expect(failed.decisions).toHaveLength(1);
    await failed.release();
    const again = await c.sweep(T0 + 21 * 60_000);
    expect(again.decisions.map((d) => d.id)).toEqual(failed.decisions.map((d) => d.id));
    await again.commit();
    expect((await c.sweep(T0 + 22 * 60_000)).decisions).toHaveLength(0);
  });
});
