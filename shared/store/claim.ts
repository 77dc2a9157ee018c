// Claiming every key a batch reads before it evaluates: all or none. When another holder has some of
// them, whatever was claimed is released and the whole claim retried after a short, jittered pause — a
// holder never waits while holding, so two batches that need each other's keys cannot deadlock.
import { VigilError } from '@vigil/core';
import type { Store, StoreLease } from './store.js';

export interface ClaimOptions {
  /** Gives up (VIGIL_ERR_STORE, retriable) after this long; default twice the lease, when a crashed holder's lease has lapsed. */
  waitMs?: number;
  /** Called at each pause, alongside it (the correlator heartbeats its consumer group and counts the wait). */
  onWait?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

export interface Claimed<T> {
  values: (T | undefined)[];
}

const FIRST_PAUSE_MS = 2;
/** Short: a store that queues claimants (Redis) keeps a waiter's turn for about a second after its last try. */
const MAX_PAUSE_MS = 50;

export async function claimAll<T>(
  store: Required<Pick<Store, 'claimMany'>> & Pick<Store, 'write'>,
  keys: readonly string[],
  lease: StoreLease,
  options: ClaimOptions = {},
): Promise<Claimed<T>> {
  const waitMs = options.waitMs ?? 2 * lease.ms;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const { values, busy } = await store.claimMany<T>(keys, lease);
    if (!busy.length) return { values };
    const busyAt = new Set(busy);
    const claimed = keys.filter((_, i) => !busyAt.has(i));
    if (claimed.length) await store.write({ lease: { holder: lease.holder, release: claimed } });
    if (Date.now() - started >= waitMs) {
      throw new VigilError('VIGIL_ERR_STORE', `${busy.length} state keys stayed claimed by another instance for ${waitMs} ms (first: ${keys[busy[0]!]})`);
    }
    const pause = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt);
    await Promise.all([sleep(pause * (0.5 + Math.random())), options.onWait?.()]);
  }
}
