// The Store: keyed JSON state with expiry, read and written in bulk so a consumer does one read and one
// write per batch. Two implementations: in-memory (embedded default) and Redis (ioredis, pipelined).

export interface StoreSet {
  key: string;
  value: unknown;
  /** Time to live; the key disappears after it (idle state expiry). */
  ttlMs: number;
}

/** An entry of the due index: a member (unique; re-adding one moves it) due at a time (epoch ms). */
export interface DueEntry {
  member: string;
  at: number;
}

/**
 * An exclusive, expiring claim on keys, so that instances sharing a store never interleave a
 * read-modify-write of one key (the later write would drop the earlier one's update). A holder claims the
 * keys it reads, writes them fenced (refused if its claim lapsed and someone else may have claimed them
 * since) and so releases them.
 */
export interface StoreLease {
  /** Unique per claim (one batch): whoever holds a key's lease. */
  holder: string;
  /** The claim lapses after this long even if never released (a crashed holder). */
  ms: number;
}

export interface StoreWrite {
  set?: StoreSet[];
  del?: string[];
  /** Changes to the due index (absence deadlines), applied with the rest of the write. */
  due?: { add?: DueEntry[]; remove?: string[] };
  /**
   * Sets and deletes apply only to keys this holder still holds, and release them; `release` lists the
   * other keys it claimed (read, not written), released too.
   */
  lease?: { holder: string; release?: string[] };
}

export interface ClaimResult<T> {
  /** Values of the claimed keys, undefined where missing (and for busy keys). */
  values: (T | undefined)[];
  /** Positions of the keys another holder has: not claimed, not read. */
  busy: number[];
}

export interface WriteResult {
  /** Keys of a leased write that were refused: the holder's claim had lapsed. */
  fenced: string[];
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  /**
   * Values for the keys, undefined where missing or expired. The memory store returns the stored objects
   * themselves (callers own them until they write them back); Redis returns fresh parsed copies.
   */
  getMany<T = unknown>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Applies every set and delete in one round trip. */
  write(ops: StoreWrite): Promise<WriteResult>;
  /**
   * Claims the keys for `lease.holder` and reads them, in the same round trip as a getMany. Stores that
   * several processes share (Redis) implement it; an in-process store has one writer and needs none.
   */
  claimMany?<T = unknown>(keys: readonly string[], lease: StoreLease): Promise<ClaimResult<T>>;
  /**
   * Members of the due index due at or before `upTo`, earliest first, at most `limit`: what survives a
   * restart and lets any instance fire what another one scheduled (Redis: one sorted set).
   */
  due(upTo: number, limit: number): Promise<DueEntry[]>;
  /** Keys under a prefix (admin and rebuild paths only; never on the hot path). */
  scan(prefix: string): Promise<string[]>;
  /** Round trips to the backing server so far (0 for memory); benchmarks report it. */
  readonly roundTrips: number;
  close(): Promise<void>;
}

/**
 * A state key for one subject: the subject sits in a Redis Cluster hash tag, so every key of one subject
 * lands in one slot and can be read and written in one pipeline.
 */
export function subjectStateKey(subject: string, ...parts: string[]): string {
  return `{${subject}}${parts.length ? ':' + parts.join(':') : ''}`;
}
