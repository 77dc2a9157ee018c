// The state one batch works on. All of one subject's correlation state is one record (its profile and the
// state of every rule keyed by it) under one key, hash-tagged for Redis Cluster: a signal costs one map
// lookup per subject it names, and a batch one Redis read and one Redis write.
//
// On a store shared by several correlator instances (Redis), the batch first claims every record it reads
// (a lease per subject, taken in the read's round trip) and writes them fenced with its commit: two
// instances that touch one subject — a device that many users' agents run on, an agent acting for many
// users — take turns instead of both reading it and the later write dropping the other's update.
import { randomUUID } from 'node:crypto';
import { claimAll, heldValue, MemoryStore, subjectStateKey, type Store, type StoreLease } from '@vigil/store';
import { VigilError } from '@vigil/core';
import type { SubjectRecord } from './state.js';
import type { SubjectKeys } from './compiled-rule.js';
import { subjectId, type Signal, type SubjectKind } from '@vigil/schemas';

/** How long a batch may hold its subjects: evaluation plus publishing (a slower batch is refused and redelivered). */
export const DEFAULT_LEASE_MS = 15_000;

export class BatchState {
  private readonly cache = new Map<string, SubjectRecord>();
  private readonly dirty = new Set<string>();
  private readonly memory: MemoryStore | undefined;
  private readonly now: number;
  private readonly lease: StoreLease | undefined;
  /** Subjects this batch holds leases on. */
  private readonly claimed = new Set<string>();

  constructor(
    private readonly store: Store,
    now: number = Date.now(),
    leaseMs: number = DEFAULT_LEASE_MS,
    /** Called between claims while a subject is busy (the service keeps its consumer group membership alive). */
    private readonly onWait?: () => Promise<void>,
  ) {
    this.memory = store instanceof MemoryStore ? store : undefined;
    this.now = this.memory ? this.memory.refreshClock() : now;
    if (!this.memory && store.claimMany) this.lease = { holder: randomUUID(), ms: leaseMs };
  }

  /**
   * Loads (and on a shared store claims) the records of these subjects: one round trip for Redis, nothing to
   * do in memory. A batch claims once: one that waited for a subject while holding others could deadlock with
   * another doing the same, so what else to claim is found out first with read().
   */
  async load(subjects: Iterable<string>): Promise<void> {
    if (this.memory) return;
    const missing = [...new Set(subjects)].filter((s) => !this.cache.has(s) && !this.claimed.has(s));
    if (!missing.length) return;
    if (this.claimed.size) throw new VigilError('VIGIL_ERR_INTERNAL', 'a batch claims its subjects in one load, not more while it holds some');
    const keys = missing.map((s) => recordKey(s));
    let values: (SubjectRecord | undefined)[];
    if (this.lease) {
      const claimed = await claimAll<SubjectRecord>(this.store as Parameters<typeof claimAll>[0], keys, this.lease, this.onWait ? { onWait: this.onWait } : {});
      values = claimed.values;
      for (const s of missing) this.claimed.add(s);
    } else {
      values = await this.store.getMany<SubjectRecord>(keys);
    }
    missing.forEach((s, i) => {
      const v = values[i];
      if (v) this.cache.set(s, v);
    });
  }

  /** The records as stored, neither claimed nor kept: to find out what to load. */
  async read(subjects: readonly string[]): Promise<(SubjectRecord | undefined)[]> {
    if (this.memory) return subjects.map((s) => this.peek(s));
    return this.store.getMany<SubjectRecord>(subjects.map((s) => recordKey(s)));
  }

  /** Gives the claimed subjects back unwritten (the batch's outputs could not be published). */
  async release(): Promise<void> {
    if (!this.lease || !this.claimed.size) return;
    const release = [...this.claimed].map((s) => recordKey(s));
    this.claimed.clear();
    this.dirty.clear();
    await this.store.write({ lease: { holder: this.lease.holder, release } });
  }

  /**
   * The subjects of the signal about to be evaluated, by kind (keys as subjectKeysOf spells them, ids as the
   * signal carries them). The memo answers for exactly these key strings until the next signal: a slot of
   * the same subject (found by kind and id) is taken over by this signal's key, the others leave the key
   * compare, so peek() compares string identities, never the contents of two composed keys (which V8 would
   * flatten first). In memory, records are looked up by kind and the signal's own id string: no key taken
   * apart, and an id parsed from JSON has its hash computed.
   */
  expect(keys: SubjectKeys, ids: Signal['subjects']): void {
    let mine = 0;
    for (const kind in keys) {
      const key = keys[kind as SubjectKind]!;
      const raw = ids[kind as SubjectKind]!;
      // Spelt as subjectKey spells it; an id that already is keeps its own string (and its computed hash).
      const keyed = subjectId(kind, raw);
      const id = keyed === raw ? raw : keyed;
      let i = this.slotOfId(kind, id);
      if (i >= 0) this.memoKeys[i] = key;
      else i = this.claimSlot(key, kind, id);
      mine |= 1 << i;
    }
    for (let i = 0; i < 4; i++) if (!(mine & (1 << i))) this.memoKeys[i] = undefined;
  }

  private slotOfId(kind: string, id: string): number {
    for (let i = 0; i < 4; i++) if (this.memoIds[i] === id && this.memoKinds[i] === kind) return i;
    return -1;
  }

  /** The subject's record if it has one. */
  peek(subject: string): SubjectRecord | undefined {
    // One signal asks for the same few subjects once per rule: answer those (misses too) from a 4-slot memo.
    let i = this.slotOf(subject);
    if (i >= 0 && this.memoLooked[i]) return this.memoRecs[i];
    if (!this.memory) {
      const r = this.cache.get(subject);
      if (i < 0) i = this.claimSlot(subject);
      this.memoLooked[i] = true;
      return (this.memoRecs[i] = r);
    }
    if (i < 0) i = this.claimSlot(subject);
    const held = this.memory.heldRecord(this.memoKinds[i]!, this.memoIds[i]!);
    this.memoLooked[i] = true;
    this.memoHeld[i] = held;
    return (this.memoRecs[i] = held && (heldValue(held) as SubjectRecord));
  }

  /** The subject's record, created when missing (not stored until touched). */
  record(subject: string): SubjectRecord {
    let r = this.peek(subject);
    if (!r) {
      // Both parts declared from the start (undefined: left out of JSON) — one hidden class, fields in the object.
      r = { x: 0, p: undefined, s: undefined };
      if (!this.memory) this.cache.set(subject, r);
      this.memoRecs[this.slotOf(subject)] = r;
    }
    return r;
  }

  private readonly memoKeys: (string | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly memoRecs: (SubjectRecord | undefined)[] = [undefined, undefined, undefined, undefined];
  /** Whether the slot's record was looked up yet (expect() fills slots without looking). */
  private readonly memoLooked: boolean[] = [false, false, false, false];
  /**
   * The kind and id of each slot's subject (memory: what its record lives under), and what the store holds
   * there: when that is the record itself, touch() has nothing to write (the record's `x` is its expiry).
   */
  private readonly memoKinds: string[] = ['', '', '', ''];
  private readonly memoIds: string[] = ['', '', '', ''];
  private readonly memoHeld: (object | undefined)[] = [undefined, undefined, undefined, undefined];
  private memoNext = 0;

  private slotOf(subject: string): number {
    for (let i = 0; i < 4; i++) if (this.memoKeys[i] === subject) return i;
    return -1;
  }

  /** Takes the next memo slot for a subject not looked up yet. */
  private claimSlot(subject: string, kind?: string, id?: string): number {
    const i = this.memoNext;
    this.memoNext = (i + 1) & 3;
    this.memoKeys[i] = subject;
    this.memoRecs[i] = undefined;
    this.memoLooked[i] = false;
    this.memoHeld[i] = undefined;
    if (kind === undefined) {
      // A subject key is `<kind>:<id>` (composite keys without a subject part are `key:<text>`).
      const colon = subject.indexOf(':');
      kind = subject.slice(0, colon);
      id = subject.slice(colon + 1);
    }
    this.memoKinds[i] = kind;
    this.memoIds[i] = id!;
    return i;
  }

  /** Marks the record changed and keeps it at least `ttlMs` longer (idle subjects expire). */
  touch(subject: string, record: SubjectRecord, ttlMs: number): void {
    const until = this.now + ttlMs;
    if (until > record.x) record.x = until;
    if (!this.memory) {
      this.dirty.add(subject);
      return;
    }
    let i = this.slotOf(subject);
    if (i >= 0 && this.memoHeld[i] === record) return;
    if (i < 0) i = this.claimSlot(subject);
    this.memoRecs[i] = record;
    this.memoLooked[i] = true;
    this.memory.setRecord(this.memoKinds[i]!, this.memoIds[i]!, record);
    this.memoHeld[i] = record;
  }

  /** Due-index changes of this batch, the last word per member: a time (scheduled) or null (removed). */
  private readonly dueChanges = new Map<string, number | null>();

  /** Schedules `member` at `at` in the store's due index (memory: at once; Redis: with the commit). */
  schedule(member: string, at: number): void {
    if (this.memory) this.memory.writeDue({ add: [{ member, at }] });
    else this.dueChanges.set(member, at);
  }

  unschedule(member: string): void {
    if (this.memory) this.memory.writeDue({ remove: [member] });
    else this.dueChanges.set(member, null);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  async commit(): Promise<void> {
    this.memory?.sweepSome();
    if (!this.dirty.size && !this.dueChanges.size && !this.claimed.size) return;
    const set = [...this.dirty].map((s) => {
      // Written without having been read (and claimed) would overwrite the stored record blindly.
      if (this.lease && !this.claimed.has(s)) throw new VigilError('VIGIL_ERR_INTERNAL', `state of ${s} changed without being loaded first`);
      const value = this.cache.get(s)!;
      return { key: recordKey(s), value, ttlMs: Math.max(1, value.x - this.now) };
    });
    const add: { member: string; at: number }[] = [];
    const remove: string[] = [];
    for (const [member, at] of this.dueChanges) {
      if (at === null) remove.push(member);
      else add.push({ member, at });
    }
    const release: string[] = [];
    for (const s of this.claimed) if (!this.dirty.has(s)) release.push(recordKey(s));
    this.dirty.clear();
    this.dueChanges.clear();
    this.claimed.clear();
    const { fenced } = await this.store.write({
      set,
      ...(add.length || remove.length ? { due: { add, remove } } : {}),
      ...(this.lease ? { lease: { holder: this.lease.holder, release } } : {}),
    });
    if (fenced.length) {
      // The batch outlived its lease and another instance may have changed these subjects meanwhile: their
      // write is refused, the batch fails and is redelivered, evaluated again on the current state.
      throw new VigilError('VIGIL_ERR_STORE', `lease lapsed on ${fenced.length} subject records before the write (first: ${fenced[0]}); the batch is retried`);
    }
  }
}

export function recordKey(subject: string): string {
  return subjectStateKey(subject);
}
