// One raw record in, validated signals and dead-letter records out. Never throws: a source that throws,
// an oversized record, or a normalizer that emits an invalid signal all become dead-letters with a reason.
import { SignalSchema, buildDeadLetter, type DeadLetter, type Signal } from '@vigil/schemas';
import type { ErrorCode } from '@vigil/core';
import { settingsReader, zodReason } from './kit/index.js';
import type { RawRecord, Source, SourceContext } from './source.js';

export interface ProcessOutput {
  signals: Signal[];
  deadletters: DeadLetter[];
  ignored: number;
}

/** At most this many dead-letter records per raw record. */
export const MAX_DEADLETTERS_PER_RECORD = 20;

export interface ProcessOptions {
  maxRecordBytes: number;
}

const readers = new WeakMap<Source, ReturnType<typeof settingsReader>>();

/** The source's settings, validated by its schema once per settings object (they are frozen at start). */
function readerFor(source: Source): ReturnType<typeof settingsReader> {
  let r = readers.get(source);
  if (!r) readers.set(source, (r = settingsReader(source.settingsSchema!, source.name)));
  return r;
}

export async function processRecord(source: Source, record: RawRecord, ctx: SourceContext, opts: ProcessOptions): Promise<ProcessOutput> {
  const out: ProcessOutput = { signals: [], deadletters: [], ignored: 0 };
  const dead = (code: ErrorCode, reason: string): void => {
    out.deadletters.push(deadLetterFor(`ingest/${source.name}`, record, code, reason, ctx.now()));
  };
  if (record.value.length > opts.maxRecordBytes) {
    dead('VIGIL_ERR_TOO_LARGE', `record is ${record.value.length} bytes, over the limit of ${opts.maxRecordBytes}`);
    return out;
  }
  let settingsCtx = ctx;
  if (source.settingsSchema) {
    const read = readerFor(source)(ctx.settings);
    if (!read.ok) {
      dead('VIGIL_ERR_CONFIG', read.reason);
      return out;
    }
    settingsCtx = { ...ctx, settings: read.settings as Record<string, unknown> };
  }
  let result;
  try {
    result = await source.handle(record, settingsCtx);
  } catch (err) {
    dead('VIGIL_ERR_INTERNAL', `source ${source.name} failed on this record: ${(err as Error)?.message ?? String(err)}`);
    return out;
  }
  out.ignored = result.ignored;
  // Each dead-letter carries the whole record: cap them per record, the last one summing up the rest.
  const problems =
    result.problems.length > MAX_DEADLETTERS_PER_RECORD
      ? [
          ...result.problems.slice(0, MAX_DEADLETTERS_PER_RECORD - 1),
          {
            code: result.problems[MAX_DEADLETTERS_PER_RECORD - 1]!.code,
            reason: `${result.problems.length - MAX_DEADLETTERS_PER_RECORD + 1} more problems in this record, the first: ${result.problems[MAX_DEADLETTERS_PER_RECORD - 1]!.reason}`,
          },
        ]
      : result.problems;
  for (const p of problems) dead(p.code, p.reason);
  for (const candidate of result.signals) {
    const parsed = SignalSchema.safeParse(candidate);
    if (parsed.success) out.signals.push(parsed.data);
    else dead('VIGIL_ERR_VALIDATION', `normalized signal ${candidate.type ?? '?'} is invalid: ${zodReason(parsed.error)}`);
  }
  return out;
}

export function deadLetterFor(component: string, record: RawRecord, code: ErrorCode, reason: string, now: number): DeadLetter {
  return buildDeadLetter(component, record, code, reason, now);
}
