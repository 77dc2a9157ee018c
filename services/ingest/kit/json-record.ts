// The loop every JSON source shares: decode the record (one value, an array, or concatenated documents),
// hand each value to the source, and collect signals (with raw_ref), ignored counts and problems.
import type { ErrorCode } from '@vigil/core';
import type { SignalInput } from '@vigil/schemas';
import { emptyResult, problemResult, rawRefOf, type RawRecord, type SourceResult } from '../source.js';
import { decodeJsonValues } from './json.js';

/** What a source made of one event: a signal, "understood but not relevant", or a problem. */
export type EventOutcome = { signal: SignalInput } | { ignored: true } | { error: string; code?: ErrorCode };

export const IGNORED: EventOutcome = { ignored: true };

/**
 * Runs `each` over every JSON value of the record. `each` returns one outcome per event it found (a paging
 * wrapper may hold many). Problems are prefixed with the value's position when the record held several.
 * An empty batch (`[]`) counts as one ignored event, not as nothing.
 */
export function handleJsonRecord(record: RawRecord, each: (value: unknown) => EventOutcome[]): SourceResult {
  const decoded = decodeJsonValues(record.value);
  if (!decoded.ok) return problemResult('VIGIL_ERR_PARSE', decoded.reason);
  const out = emptyResult();
  if (decoded.values.length === 0) {
    out.ignored = 1;
    return out;
  }
  const ref = rawRefOf(record);
  const many = decoded.values.length > 1;
  for (const [i, value] of decoded.values.entries()) {
    for (const o of each(value)) {
      if ('signal' in o) out.signals.push({ ...o.signal, raw_ref: ref });
      else if ('ignored' in o) out.ignored++;
      else out.problems.push({ code: o.code ?? 'VIGIL_ERR_VALIDATION', reason: many ? `event ${i}: ${o.error}` : o.error });
    }
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
