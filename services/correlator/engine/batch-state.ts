// The state one batch works on: loaded in one read, mutated in memory, written back in one write.
import { MemoryStore, type Store } from '@vigil/store';

export class BatchState {
  private readonly cache = new Map<string, unknown>();
  private readonly dirty = new Map<string, number>();
  private readonly memory: MemoryStore | undefined;

  constructor(private readonly store: Store) {
    this.memory = store instanceof MemoryStore ? store : undefined;
  }

  /** Loads keys not yet cached (one round trip for Redis; nothing to do for the memory store). */
  async load(keys: Iterable<string>): Promise<void> {
    if (this.memory) return;
    const missing = [...new Set(keys)].filter((k) => !this.cache.has(k));
    if (!missing.length) return;
    const values = await this.store.getMany(missing);
    missing.forEach((k, i) => this.cache.set(k, values[i]));
  }

  get<T>(key: string): T | undefined {
    if (this.cache.has(key)) return this.cache.get(key) as T | undefined;
    if (this.memory) {
      const v = this.memory.getSync<T>(key);
      this.cache.set(key, v);
      return v;
    }
    return undefined;
  }

  /** Records a (possibly mutated-in-place) value to write back with the given ttl. */
  put(key: string, value: unknown, ttlMs: number): void {
    this.cache.set(key, value);
    this.dirty.set(key, Math.max(ttlMs, this.dirty.get(key) ?? 0));
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  async commit(): Promise<void> {
    if (!this.dirty.size) return;
    const set = [...this.dirty].map(([key, ttlMs]) => ({ key, value: this.cache.get(key), ttlMs }));
    this.dirty.clear();
    await this.store.write({ set });
  }
}
