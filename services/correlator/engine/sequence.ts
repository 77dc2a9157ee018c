// Ordered sequences (A then B then C by one key within a window) and unordered co-occurrence.
import type { EvidenceTuple, PartialMatch, SequenceState } from './state.js';

/**
 * Advances the state with a signal that matched the steps in `matched` (indexes). Returns the evidence
 * of a completed sequence (and resets the state), or undefined.
 */
export function advanceSequence(
  st: SequenceState,
  matched: number[],
  ordered: boolean,
  time: number,
  ev: EvidenceTuple,
  windowMs: number,
): EvidenceTuple[] | undefined {
  const n = st.p.length;
  if (ordered) {
    // Highest step first, and at most one step per signal, so one signal cannot complete A then B alone.
    for (let k = matched.length - 1; k >= 0; k--) {
      const i = matched[k]!;
      if (i === 0) {
        st.p[0] = { s: time, t: time, e: [ev] };
        return undefined;
      }
      const prev = st.p[i - 1];
      if (!prev || time < prev.t || time - prev.s > windowMs || prev.e.some((e) => e[0] === ev[0])) continue;
      const next: PartialMatch = { s: prev.s, t: time, e: [...prev.e, ev] };
      if (i === n - 1) {
        st.p = st.p.map(() => null);
        return next.e;
      }
      st.p[i] = next;
      return undefined;
    }
    return undefined;
  }
  // One signal fills one step, so a co-occurrence always takes distinct signals: an empty step it matches,
  // else the stalest of its steps is refreshed. A signal already held (redelivery) changes nothing.
  if (st.p.some((p) => p?.e.some((e) => e[0] === ev[0]))) return undefined;
  let pick = matched.find((i) => st.p[i] === null);
  if (pick === undefined) pick = matched.reduce((a, b) => (st.p[b]!.t < st.p[a]!.t ? b : a));
  st.p[pick] = { s: time, t: time, e: [ev] };
  const parts = st.p.filter((p): p is PartialMatch => p !== null);
  if (parts.length < n) return undefined;
  // Drop steps that fell out of the window relative to this signal; fire only if all remain.
  const fresh = parts.every((p) => Math.abs(time - p.t) <= windowMs);
  if (!fresh) {
    st.p = st.p.map((p) => (p && Math.abs(time - p.t) <= windowMs ? p : null));
    return undefined;
  }
  const evidence = parts.sort((a, b) => a.t - b.t).flatMap((p) => p.e);
  st.p = st.p.map(() => null);
  return evidence;
}

export function emptySequence(steps: number): SequenceState {
  return { p: Array.from({ length: steps }, () => null) };
}

/** True when the state still holds a partial match worth keeping. */
export function sequencePending(st: SequenceState): boolean {
  return st.p.some((p) => p !== null);
}
