// The Redis store's hot path alone: a correlator batch's claim (lease and read of every subject record it
// touches) and its fenced write, against a real Redis, with no Kafka and no evaluation around it. The
// client's work and Redis's own are both in the time, since each call waits for the other's answer.
import { randomUUID } from 'node:crypto';
import type { RedisStore } from '@vigil/store';
import { deletePrefix } from '../helpers/redis.js';
import { rate } from './measure.js';

export interface StoreRunResult {
  keysPerSecond: number;
  /**
   * The sum of the touch counts read back: every write stores how often its key was touched so far, so a
   * store that dropped or mixed up a write reads another sum. The same for every run of the same sizes.
   */
  readBack: number;
}

/** The shape of a user's record after a few sign-ins (about 200 bytes of JSON). */
function record(touches: number): unknown {
  return {
    x: Date.now() + 3_600_000,
    p: { h: 3, a: [1, 2, 3], r: 12.5 },
    s: { r1: [29_000_000, 1, 2, 3, 4], r2: { c: 2, t: [1, 2] }, r7: ['okta', 'entra'] },
    n: touches,
  };
}

/**
 * `batches` batches of `perBatch` subject records, each claimed, then written fenced, as the correlator does
 * per batch; the batches walk `subjects` subjects in turn, so after the first pass every claim reads a value.
 * Under a prefix of its own (removed afterwards, untimed), so every run starts from an empty store.
 */
export async function storeRun(Store: typeof RedisStore, url: string, sizes: { subjects: number; perBatch: number; batches: number }): Promise<StoreRunResult> {
  const prefix = `vigil-test:bench-store:${randomUUID()}:`;
  const store = new Store({ url, prefix });
  await store.connect();
  const keys = Array.from({ length: sizes.subjects }, (_, i) => `{user:bench-u${i}@acme.example}`);
  const touches = new Array<number>(sizes.subjects).fill(0);
  let readBack = 0;
  try {
    const started = performance.now();
    for (let b = 0; b < sizes.batches; b++) {
      const at = Array.from({ length: sizes.perBatch }, (_, j) => (b * sizes.perBatch + j) % sizes.subjects);
      const batch = at.map((i) => keys[i]!);
      const lease = { holder: randomUUID(), ms: 15_000 };
      const { values, busy } = await store.claimMany<{ n: number }>(batch, lease);
      if (busy.length) throw new Error(`store bench: ${busy.length} keys busy under a prefix of its own`);
      for (const v of values) readBack += v?.n ?? 0;
      const set = at.map((i, j) => ({ key: batch[j]!, value: record(++touches[i]!), ttlMs: 3_600_000 }));
      const { fenced } = await store.write({ set, lease: { holder: lease.holder } });
      if (fenced.length) throw new Error(`store bench: ${fenced.length} writes fenced`);
    }
    return { keysPerSecond: rate(sizes.batches * sizes.perBatch, performance.now() - started), readBack };
  } finally {
    await store.close();
    await deletePrefix(url, prefix);
  }
}
