// In-memory store: Maps with per-key expiry, swept incrementally so idle subjects do not pile up.
//
// Subject records (`{<kind>:<id>}`, the key subjectStateKey gives a subject) live in one Map per kind keyed by
// the bare id, and the embedded correlator looks them up by kind and id: a signal's ids come from JSON.parse
// with their hash already computed, so a lookup by the id itself is several times cheaper than one by a key
// composed from it, whose hash is computed (outside V8's fast path) at every lookup. A record written by
// the correlator carries its own expiry (`x`, SubjectRecord's field) and is kept as it is, one object per
// subject: an entry around it was one more object per subject and one more cache miss per lookup.
import { DueIndex } from './due-index.js';
import { subjectStateKey, type DueEntry, type Store, type StoreWrite, type WriteResult } from './store.js';

/** A value that carries its own expiry (ms, the store's clock), as a subject record does in `x`. */
export interface SelfExpiring {
  x: number;
}

/** A stored value and its expiry: every key's but the subject records the correlator writes. */
class Entry {
  constructor(
    public v: unknown,
    public x: number,
  ) {}
}

/** What a subject map holds: a record kept as it is, or any other value in an entry. */
type Held = Entry | SelfExpiring;

/** The value of what heldRecord() gave. */
export function heldValue(held: object): unknown {
  return held instanceof Entry ? held.v : held;
}

export interface MemoryStoreOptions {
  now?: () => number;
  /** Entries examined per write for expiry (incremental sweep). */
  sweepPerWrite?: number;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly roundTrips = 0;
  private readonly map = new Map<string, Entry>();
  /** Subject records: kind → id → record (or entry). */
  private readonly subjects = new Map<string, Map<string, Held>>();
  private readonly dueIndex = new DueIndex();
  private readonly now: () => number;
  private readonly sweepPerWrite: number;
  /** The incremental sweep: which map it is in (0: other keys, then the kinds in order) and where. */
  private sweepMaps: Map<string, Held>[] = [];
  private sweepAt = 0;
  private sweeper: Iterator<[string, Held]> | undefined;
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
    let n = this.map.size;
    for (const m of this.subjects.values()) n += m.size;
    return n;
  }

  async getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]> {
    this.refreshClock();
    return keys.map((k) => this.getSync<T>(k));
  }

  /** Synchronous read. */
  getSync<T = unknown>(key: string): T | undefined {
    const subject = subjectOfKey(key);
    const held = subject ? this.heldRecord(subject[0], subject[1]) : live(this.map, key, this.clock);
    return (held && heldValue(held)) as T | undefined;
  }

  /**
   * What one subject's record is held as, by kind and id (`user`, `alice@acme.example`), if live: the record
   * itself when the correlator wrote it with setRecord (its `x` moved later moves its expiry, no lookup
   * needed), else an entry around a value written by key (read it with getSync).
   */
  heldRecord(kind: string, id: string): object | undefined {
    const m = this.subjects.get(kind);
    return m && live(m, id, this.clock);
  }

  /** Keeps one subject's record as it is, expiring at its own `x`. */
  setRecord(kind: string, id: string, record: SelfExpiring): void {
    let m = this.subjects.get(kind);
    if (!m) this.subjects.set(kind, (m = new Map()));
    if (m.get(id) !== record) m.set(id, record);
  }

  /** One process is the only writer: a lease in `ops` has nothing to fence. */
  async write(ops: StoreWrite): Promise<WriteResult> {
    this.writeSync(ops);
    return { fenced: [] };
  }

  writeSync(ops: StoreWrite): void {
    const now = this.refreshClock();
    for (const s of ops.set ?? []) this.setSync(s.key, s.value, s.ttlMs);
    for (const k of ops.del ?? []) {
      const subject = subjectOfKey(k);
      if (subject) this.subjects.get(subject[0])?.delete(subject[1]);
      else this.map.delete(k);
    }
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

  /** One key, written at once. */
  setSync(key: string, value: unknown, ttlMs: number): void {
    const subject = subjectOfKey(key);
    let m: Map<string, Held> | undefined = this.map;
    if (subject) {
      m = this.subjects.get(subject[0]);
      if (!m) this.subjects.set(subject[0], (m = new Map()));
    }
    m.set(subject ? subject[1] : key, new Entry(value, this.clock + ttlMs));
  }

  /** Expires a slice of the keys (call once per batch when writing with setSync). */
  sweepSome(): void {
    this.sweep(this.clock);
  }

  async scan(prefix: string): Promise<string[]> {
    const now = this.now();
    const keys = [...this.map].filter(([k, e]) => k.startsWith(prefix) && e.x > now).map(([k]) => k);
    for (const [kind, m] of this.subjects)
      for (const [id, e] of m) {
        const key = subjectStateKey(`${kind}:${id}`);
        if (e.x > now && key.startsWith(prefix)) keys.push(key);
      }
    return keys;
  }

  async close(): Promise<void> {
    this.map.clear();
    this.subjects.clear();
    this.sweeper = undefined;
    this.sweepMaps = [];
    this.dueIndex.clear();
  }

  /** Examines the next few entries for expiry, going through the maps one after another. */
  private sweep(now: number): void {
    for (let i = 0; i < this.sweepPerWrite; i++) {
      if (!this.sweeper) {
        if (this.sweepAt >= this.sweepMaps.length) {
          this.sweepMaps = [this.map, ...this.subjects.values()];
          this.sweepAt = 0;
        }
        this.sweeper = this.sweepMaps[this.sweepAt]!.entries();
      }
      const next = this.sweeper.next();
      if (next.done) {
        this.sweeper = undefined;
        // One pass over every map per round at most, so a store with few keys is not walked again and again.
        if (++this.sweepAt >= this.sweepMaps.length) return;
        continue;
      }
      const [k, e] = next.value;
      if (e.x <= now) this.sweepMaps[this.sweepAt]!.delete(k);
    }
  }
}

/** `{user:alice}` → [`user`, `alice`]: the key of a subject's record (see subjectStateKey); else undefined. */
function subjectOfKey(key: string): [string, string] | undefined {
  if (key.charCodeAt(0) !== 123 /* { */ || key.charCodeAt(key.length - 1) !== 125 /* } */) return undefined;
  const colon = key.indexOf(':');
  if (colon < 2 || !/^[a-z]+$/.test(key.slice(1, colon))) return undefined;
  return [key.slice(1, colon), key.slice(colon + 1, -1)];
}

function live<H extends Held>(m: Map<string, H>, key: string, clock: number): H | undefined {
  const e = m.get(key);
  if (!e) return undefined;
  if (e.x <= clock) {
    m.delete(key);
    return undefined;
  }
  return e;
}
