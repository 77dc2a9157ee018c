// In-memory store: a Map with per-key expiry, swept incrementally so idle subjects do not pile up.
import { DueIndex } from './due-index.js';
import type { DueEntry, Store, StoreWrite, WriteResult } from './store.js';

/** A stored value and its expiry (ms, the store's clock); the embedded fast path updates it in place. */
export interface MemoryEntry {
  v: unknown;
  exp: number;
}
type Entry = MemoryEntry;

export interface MemoryStoreOptions {
  now?: () => number;
  /** Entries examined per write for expiry (incremental sweep). */
  sweepPerWrite?: number;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly roundTrips = 0;
  private readonly map = new Map<string, Entry>();
  private readonly dueIndex = new DueIndex();
  private readonly now: () => number;
  private readonly sweepPerWrite: number;
  private sweeper: Iterator<[string, Entry]> | undefined;
  /** The clock as of the last refresh: one Date.now() per batch, not one per key. */
  private clock: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sweepPerWrite = options.sweepPerWrite ?? 64;
    this.clock = this.now();
  }

  /** Re-reads the clock; expiry checks until the next refresh use this instant. */
  refreshClock(): number {
    return (this.clock = this.now());
  }

  get size(): number {
    return this.map.size;
  }

  async getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    this.refreshClock();
    return keys.map((k) => this.getSync<T>(k));
  }

  /** Synchronous read for the embedded fast path. */
  getSync<T = unknown>(key: string): T | undefined {
    return this.entrySync(key)?.v as T | undefined;
  }

  /** The live entry (not expired) of a key: its expiry can be moved without another lookup. */
  entrySync(key: string): MemoryEntry | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.exp <= this.clock) {
      this.map.delete(key);
      return undefined;
    }
    return e;
  }

  /** One process is the only writer: a lease in `ops` has nothing to fence. */
  async write(ops: StoreWrite): Promise<WriteResult> {
    this.writeSync(ops);
    return { fenced: [] };
  }

  writeSync(ops: StoreWrite): void {
    const now = this.refreshClock();
    for (const s of ops.set ?? []) this.setSync(s.key, s.value, s.ttlMs);
    for (const k of ops.del ?? []) this.map.delete(k);
    this.writeDue(ops.due);
    this.sweep(now);
  }

  /** Due-index changes, applied at once (the embedded correlator's fast path). */
  writeDue(due: StoreWrite['due']): void {
    for (const e of due?.add ?? []) this.dueIndex.add(e);
    for (const m of due?.remove ?? []) this.dueIndex.remove(m);
  }

  async due(upTo: number, limit: number): Promise<DueEntry[]> {
    return this.dueIndex.due(upTo, limit);
  }

  /** One key, written in place (the embedded correlator's fast path); returns its entry. */
  setSync(key: string, value: unknown, ttlMs: number): MemoryEntry {
    const e = this.map.get(key);
    if (e) {
      e.v = value;
      e.exp = this.clock + ttlMs;
      return e;
    }
    const created = { v: value, exp: this.clock + ttlMs };
    this.map.set(key, created);
    return created;
  }

  /** Expires a slice of the keys (call once per batch when writing with setSync). */
  sweepSome(): void {
    this.sweep(this.clock);
  }

  async scan(prefix: string): Promise<string[]> {
    const now = this.now();
    return [...this.map].filter(([k, e]) => k.startsWith(prefix) && e.exp > now).map(([k]) => k);
  }

  async close(): Promise<void> {
    this.map.clear();
    this.dueIndex.clear();
  }

  private sweep(now: number): void {
    for (let i = 0; i < this.sweepPerWrite; i++) {
      if (!this.sweeper) this.sweeper = this.map.entries();
      const next = this.sweeper.next();
      if (next.done) {
        this.sweeper = undefined;
        return;
      }
      const [k, e] = next.value;
      if (e.exp <= now) this.map.delete(k);
    }
  }
}
