// A verified SET → one canonical signal (pure). SSF puts exactly one event in a SET; its subject is `sub_id`
// at the top level, or `subject` inside the event (older CAEP / RISC drafts), or an RFC 8417 `sub`.
import type { AliasMap } from '../../aliases.js';
import { IGNORED, epochToIso, signalId, text, type EventOutcome } from '../../kit/index.js';
import { mapEvent } from './events.js';
import type { SetPayload } from './parse.js';
import { subjectsOf } from './subjects.js';

export function normalizeSet(p: SetPayload, aliases: AliasMap): EventOutcome {
  const uris = Object.keys(p.events);
  if (uris.length !== 1) return { error: `SET ${p.jti}: carries ${uris.length} events; SSF requires exactly one` };
  const uri = uris[0]!;
  const event = p.events[uri]!;
  const mapped = mapEvent(uri, event);
  if (mapped === undefined) return IGNORED;
  if ('error' in mapped) return { error: `SET ${p.jti}: ${mapped.error}` };

  // event_timestamp is seconds by the spec, but CAEP's own examples use milliseconds: epochToIso tells them apart.
  const time = timeOf(event.event_timestamp) ?? timeOf(p.toe) ?? timeOf(p.iat);
  if (!time) return { error: `SET ${p.jti}: no usable time (event_timestamp, toe, iat)` };

  const subId = p.sub_id ?? event.subject ?? (p.sub ? { format: 'iss_sub', iss: p.iss, sub: p.sub } : undefined);
  const subjects = subjectsOf(subId, mapped.hint, aliases);
  if (Object.keys(subjects).length === 0) return { error: `SET ${p.jti}: names no user, device or session subject (sub_id)` };

  return {
    signal: {
      id: signalId('caep', p.jti, p.iss),
      time,
      source: 'caep',
      type: mapped.type,
      severity: mapped.severity,
      subjects,
      attributes: { ...mapped.attributes, issuer: p.iss.slice(0, 1024), jti: p.jti, ...(text(p.txn) ? { txn: text(p.txn)!.slice(0, 256) } : {}) },
    },
  };
}

function timeOf(v: unknown): string | undefined {
  return typeof v === 'number' && v > 0 ? epochToIso(v) : undefined;
}
