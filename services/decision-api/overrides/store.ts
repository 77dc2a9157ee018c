// Active overrides kept in the store (Redis or memory) until they expire. The decisions topic is compacted
// to the latest record per subject, so a rule decision published after an override would erase the
// override from the topic; the API restores active overrides from here at start. Entries keep the exact
// signed bytes and are verified again on load (the store is not trusted more than the topic).
import { subjectStateKey, type Store } from '@vigil/store';

export const OVERRIDE_PREFIX = 'ovr:';

export interface StoredOverride {
  value: string;
  signature: string;
}

export function overrideKey(subject: string): string {
  return `${OVERRIDE_PREFIX}${subjectStateKey(subject)}`;
}

/** Keeps the override until it expires; one that ends at once (an unblock) removes the stored one. */
export async function saveOverride(store: Store, subject: string, entry: StoredOverride, ttlMs: number): Promise<void> {
  await store.write(ttlMs > 0 ? { set: [{ key: overrideKey(subject), value: entry, ttlMs }] } : { del: [overrideKey(subject)] });
}

export async function loadOverrides(store: Store): Promise<StoredOverride[]> {
  const keys = await store.scan(OVERRIDE_PREFIX);
  if (!keys.length) return [];
  const values = await store.getMany<StoredOverride>(keys);
  return values.filter((v): v is StoredOverride => Boolean(v && typeof v.value === 'string' && typeof v.signature === 'string'));
}
