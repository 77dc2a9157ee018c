// The decision API's risk readout (GET /v1/subjects/{subject}) reads the profile the correlator keeps, on
// either store: the record of the subject under subjectStateKey, its `p` inside.
import { describe, expect, it } from 'vitest';
import { MemoryStore, type Store } from '@vigil/store';
import { readRisk } from '../../services/decision-api/risk.js';
import { bruteForce, correlator, sig, T0 } from '../../services/correlator/engine/testing/factories.js';
import { useRedisStore } from '../helpers/redis-store.js';

const redis = useRedisStore();

async function riskAfterBruteForce(store: Store): Promise<Awaited<ReturnType<typeof readRisk>>> {
  const c = correlator([bruteForce], {}, {}, store);
  const user = { user: 'Risky@Acme.example' };
  const out = await c.process([0, 1, 2].map((m) => sig('auth.failure', m, user)));
  await out.commit();
  expect(out.decisions).toHaveLength(1);
  // Read at the decision's event time: the score has not decayed yet.
  return readRisk(store, 'user:risky@acme.example', 3_600_000, T0 + 2 * 60_000);
}

describe('subject risk readout', () => {
  it('reads the risk the correlator raised, on the in-memory store', async () => {
    expect(await riskAfterBruteForce(new MemoryStore())).toMatchObject({ score: 40, half_life_seconds: 3600 });
  });

  it('reads the risk the correlator raised, on Redis', async () => {
    expect(await riskAfterBruteForce(redis.store)).toMatchObject({ score: 40, half_life_seconds: 3600 });
  });

  it('knows nothing of a subject without state', async () => {
    expect(await readRisk(new MemoryStore(), 'user:nobody@acme.example', 3_600_000)).toBeUndefined();
    expect(await readRisk(redis.store, 'user:nobody@acme.example', 3_600_000)).toBeUndefined();
  });
});
