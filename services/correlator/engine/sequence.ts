// Ordered sequences (A then B then C by one key within a window) and unordered co-occurrence.
import type { EvidenceTuple, PartialMatch, SequenceState } from './state.js';

/**
 * Advances the state with a signal that matched the steps in `matched` (indexes). Returns the evidence
 * of a completed sequence (and resets the state), or undefined. `lateBy` is how far the signal lags the
 * newest event time seen: within `latenessMs`, a late step still joins the later steps that came before it.
 */
export function advanceSequence(
  st: SequenceState,
  matched: number[],
  ordered: boolean,
  time: number,
  ev: EvidenceTuple,
  windowMs: number,
  latenessMs = 0,
  lateBy = 0,
): EvidenceTuple[] | undefined {
  const n = st.p.length;
  if (ordered) {
    // A held step can only be joined by a predecessor no later than the allowed lateness: older ones go.
    if (st.o) pruneHeld(st, time + lateBy - latenessMs);
    // Highest step first, and at most one step per signal, so one signal cannot complete A then B alone.
    for (let k = matched.length - 1; k >= 0; k--) {
      const i = matched[k]!;
      if (i === 0) {
        st.p[0] = { s: time, t: time, e: [ev] };
        return lateBy <= latenessMs ? joinEarly(st, 0, windowMs) : undefined;
      }
      const prev = st.p[i - 1];
      if (!prev || time < prev.t || time - prev.s > windowMs || prev.e.some((e) => e[0] === ev[0])) {
        // Its predecessor may still come, late: keep it (the latest such) for a predecessor to join.
        if (latenessMs > 0 && !matched.includes(i - 1)) holdEarly(st, i, ev);
        continue;
      }
      const next: PartialMatch = { s: prev.s, t: time, e: [...prev.e, ev] };
      if (i === n - 1) return complete(st, next);
      st.p[i] = next;
      return lateBy <= latenessMs ? joinEarly(st, i, windowMs) : undefined;
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

/** A sequence matched: its evidence, and the state starts over. */
function complete(st: SequenceState, chain: PartialMatch): EvidenceTuple[] {
  st.p = st.p.map(() => null);
  st.o = undefined;
  return chain.e;
}

// Held steps are one flat array, 4 slots a step ([id, source, type, time], id null when none held): one
// object per sequence instead of one per held signal.
const H = 4;

function heldAt(st: SequenceState, step: number): EvidenceTuple | undefined {
  const o = st.o;
  if (!o || o[step * H] === null || o[step * H] === undefined) return undefined;
  return o.slice(step * H, step * H + H) as EvidenceTuple;
}

function clearHeld(st: SequenceState, step: number): void {
  const o = st.o!;
  o[step * H] = null;
  if (!o.some((v, i) => i % H === 0 && v !== null)) st.o = undefined;
}

function pruneHeld(st: SequenceState, before: number): void {
  for (let j = 0; j < st.p.length; j++) {
    const held = heldAt(st, j);
    if (held && held[3] < before) clearHeld(st, j);
    if (!st.o) return;
  }
}

function holdEarly(st: SequenceState, step: number, ev: EvidenceTuple): void {
  const o = (st.o ??= new Array<string | number | null>(st.p.length * H).fill(null));
  const held = heldAt(st, step);
  if (!held || held[3] <= ev[3]) for (let k = 0; k < H; k++) o[step * H + k] = ev[k]!;
}

/**
 * A chain just reached step `i`: a signal of step i + 1 held because it came before its predecessor extends
 * it (it is later in event time and within the window), and so on up the steps.
 */
function joinEarly(st: SequenceState, i: number, windowMs: number): EvidenceTuple[] | undefined {
  const n = st.p.length;
  for (let j = i + 1; j < n; j++) {
    const chain = st.p[j - 1]!;
    const held = heldAt(st, j);
    if (!held || held[3] < chain.t || held[3] - chain.s > windowMs || chain.e.some((e) => e[0] === held[0])) return undefined;
    clearHeld(st, j);
    const next: PartialMatch = { s: chain.s, t: held[3], e: [...chain.e, held] };
    if (j === n - 1) return complete(st, next);
    st.p[j] = next;
  }
  return undefined;
}

/** `o` is declared from the start (undefined: left out of JSON), so that holding a step adds no field (see emptyProfile). */
export function emptySequence(steps: number): SequenceState {
  return { p: new Array<PartialMatch | null>(steps).fill(null), o: undefined };
}

/** True when the state holds anything: a partial match or a step held for a late predecessor. */
export function sequenceHolds(st: SequenceState): boolean {
  return sequencePending(st) || Boolean(st.o);
}

/** True when the state still holds a partial match worth keeping. */
export function sequencePending(st: SequenceState): boolean {
  return st.p.some((p) => p !== null);
}
