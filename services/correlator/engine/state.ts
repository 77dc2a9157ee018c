// Shapes of correlation state as stored (memory objects or Redis JSON). Short field names: state for
// millions of subjects is kept, so every byte counts. Times are epoch ms of event time.

/** Aggregate window, flat: base time (whole minutes since the epoch), then [time − base (ms), fingerprint, count, value] per entry. */
export type WindowState = (string | number | null)[];

/** Compact evidence: [signal id, source, type, time ms]. */
export type EvidenceTuple = [string, string, string, number];

export interface PartialMatch {
  /** start time of the chain */
  s: number;
  /** time of the latest step */
  t: number;
  e: EvidenceTuple[];
}

export interface SequenceState {
  p: (PartialMatch | null)[];
  /**
   * Ordered sequences: per step, the latest signal of it that arrived before the step it follows (out of
   * order, within the allowed lateness), flat, 4 slots a step as an evidence tuple (id null: none); a late
   * predecessor joins it. Absent until needed.
   */
  o?: (string | number | null)[];
}

export interface AbsenceState {
  /** pending: deadline ms and the A evidence */
  d: number;
  e: EvidenceTuple[];
  /** subjects of the A signal, so the decision can name its target */
  sub?: Record<string, string>;
}

/** Per-subject profile: decaying risk, the active enforced decision, suppression per rule. */
export interface ProfileState {
  /** risk score at time rt */
  r: number;
  rt: number;
  /** active action, its expiry (wall ms), the rule or override that set it */
  a?: 'step_up' | 'block';
  ax?: number;
  ar?: string;
  /** rule id → suppressed until (ms, event time) */
  s?: Record<string, number>;
  /** recent signal fingerprints that already added risk (redelivery guard) */
  h?: number[];
}

/** Everything Vigil keeps about one subject: one store key, `{<subject>}`. */
export interface SubjectRecord {
  /** expiry, wall-clock ms: the furthest any part of the record is still needed */
  x: number;
  p?: ProfileState;
  /** rule state by slot: the rule id, or `<rule id>|<rest of a compound key>` */
  s?: Record<string, WindowState | SequenceState | AbsenceState | undefined>;
}
