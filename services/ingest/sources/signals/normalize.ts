// A custom producer's signal → a validated canonical signal (pure). The producer's id is kept (it is theirs
// to make stable); `source` defaults to `custom`; time is canonicalized (RFC 3339 without milliseconds or
// with an offset is accepted); user and device subjects go through the alias map like every other source.
import { parseSignal } from '@vigil/schemas/parse-signal';
import type { AliasMap } from '../../aliases.js';
import { isRecord, parseTime, zodReason, type EventOutcome } from '../../kit/index.js';
import type { SignalsSettings } from './parse.js';

export function normalizeProducedSignal(value: Record<string, unknown>, aliases: AliasMap, settings: SignalsSettings): EventOutcome {
  const candidate: Record<string, unknown> = { ...value };
  if (!settings.trustSource || candidate.source === undefined) candidate.source = 'custom';
  const time = parseTime(candidate.time);
  if (time) candidate.time = time;
  // raw_ref is Vigil's to set (from the record), not the producer's.
  delete candidate.raw_ref;
  if (isRecord(candidate.subjects)) candidate.subjects = aliased(candidate.subjects, aliases);

  const parsed = parseSignal(candidate);
  if (!parsed.success) {
    const id = typeof value.id === 'string' ? ` ${value.id.slice(0, 64)}` : '';
    return { error: `signal${id} is invalid: ${zodReason(parsed.error)}` };
  }
  return { signal: parsed.data };
}

function aliased(subjects: Record<string, unknown>, aliases: AliasMap): Record<string, unknown> {
  const out = { ...subjects };
  if (typeof out.user === 'string' && out.user.trim()) out.user = aliases.user(out.user);
  if (typeof out.device === 'string' && out.device.trim()) out.device = aliases.device(out.device);
  return out;
}
