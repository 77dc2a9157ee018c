// One raw record in, validated signals and at most one dead-letter out. Never throws: a source that throws,
// an oversized record, or a normalizer that emits an invalid signal all become problems of the record's
// one dead-letter, which carries the original bytes once (capped) and every reason.
import { buildDeadLetter, type DeadLetter, type Signal } from '@vigil/schemas';
import { parseSignal } from '@vigil/schemas/parse-signal';
import { readSourceSettings, zodReason } from './kit/index.js';
import type { RawRecord, Source, SourceContext, SourceProblem } from './source.js';

export interface ProcessOutput {
  signals: Signal[];
  /** At most one dead-letter per raw record, carrying every problem found in it. */
  deadletters: DeadLetter[];
  ignored: number;
  /** Events (or whole records) that could not be used: the problems the dead-letter lists. */
  deadlettered: number;
}

/** Problems listed one by one in a dead-letter; past this the reason sums up the rest. */
export const MAX_PROBLEMS_LISTED = 20;

export interface ProcessOptions {
  maxRecordBytes: number;
  /** Original bytes kept in a dead-letter (default DEAD_LETTER_MAX_VALUE_BYTES, 256 KiB). */
  maxDeadLetterValueBytes?: number;
}

export async function processRecord(source: Source, record: RawRecord, ctx: SourceContext, opts: ProcessOptions): Promise<ProcessOutput> {
  const out: ProcessOutput = { signals: [], deadletters: [], ignored: 0, deadlettered: 0 };
  const problems: SourceProblem[] = [];
  const finish = (): ProcessOutput => {
    out.deadlettered = problems.length;
    if (problems.length) out.deadletters.push(deadLetterFor(`ingest/${source.name}`, record, problems, ctx.now(), opts.maxDeadLetterValueBytes));
    return out;
  };
  if (record.value.length > opts.maxRecordBytes) {
    problems.push({ code: 'VIGIL_ERR_TOO_LARGE', reason: `record is ${record.value.length} bytes, over the limit of ${opts.maxRecordBytes}` });
    return finish();
  }
  let settingsCtx = ctx;
  if (source.settingsSchema) {
    const read = readSourceSettings(source, ctx.settings);
    if (!read.ok) {
      problems.push({ code: 'VIGIL_ERR_CONFIG', reason: read.problems.join('; ') });
      return finish();
    }
    settingsCtx = { ...ctx, settings: read.settings as Record<string, unknown> };
  }
  let result;
  try {
    result = await source.handle(record, settingsCtx);
  } catch (err) {
    problems.push({ code: 'VIGIL_ERR_INTERNAL', reason: `source ${source.name} failed on this record: ${(err as Error)?.message ?? String(err)}` });
    return finish();
  }
  out.ignored = result.ignored;
  problems.push(...result.problems);
  for (const candidate of result.signals) {
    const parsed = parseSignal(candidate);
    if (parsed.success) out.signals.push(parsed.data);
    else problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `normalized signal ${candidate.type ?? '?'} is invalid: ${zodReason(parsed.error)}` });
  }
  return finish();
}

const MAX_REASON = 4096;
const MAX_LISTED_REASON = 1024;

/**
 * One dead-letter for all of a record's problems: the original bytes once (capped), `code` and `reason` of
 * the only problem, or the first problem's code and a numbered summary, with every problem in `problems`.
 */
export function deadLetterFor(component: string, record: RawRecord, problems: SourceProblem[], now: number, maxValueBytes?: number): DeadLetter {
  const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const first = problems[0]!;
  if (problems.length === 1) return buildDeadLetter(component, record, first.code, clip(first.reason, MAX_REASON), now, { maxValueBytes });
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED).map((p) => ({ code: p.code, reason: clip(p.reason, MAX_LISTED_REASON) }));
  const rest = problems.length - listed.length;
  const summary = `${problems.length} problems in this record: ${listed.map((p, i) => `(${i + 1}) ${p.reason}`).join('; ')}${rest ? `; and ${rest} more` : ''}`;
  return buildDeadLetter(component, record, first.code, clip(summary, MAX_REASON), now, { maxValueBytes, problems: listed });
}
