// CrowdStrike Falcon source: `vigil.raw.crowdstrike` records → `endpoint.detection` signals. A record holds
// event-stream events, Alerts API entities, or an Alerts API response (`{resources: […]}`).
import { TOPICS } from '@vigil/schemas';
import { IGNORED, handleJsonRecord, isRecord, zodReason, type EventOutcome } from '../../kit/index.js';
import type { AliasMap } from '../../aliases.js';
import type { Source } from '../../source.js';
import { normalizeAlert, normalizeStreamEvent } from './normalize.js';
import { AlertEntitySchema, StreamEnvelopeSchema } from './parse.js';

export const crowdstrikeSource: Source = {
  name: 'crowdstrike',
  signalSource: 'crowdstrike',
  topic: TOPICS.rawCrowdstrike,
  handle: (record, ctx) => handleJsonRecord(record, (value) => readValue(value, ctx.aliases)),
};

function readValue(value: unknown, aliases: AliasMap): EventOutcome[] {
  if (isRecord(value) && Array.isArray(value.resources)) {
    if (value.resources.length === 0) return [IGNORED];
    return value.resources.map((r, i) => prefixed(`resources[${i}]: `, readOne(r, aliases)));
  }
  return [readOne(value, aliases)];
}

function readOne(value: unknown, aliases: AliasMap): EventOutcome {
  if (isRecord(value) && 'metadata' in value) {
    const parsed = StreamEnvelopeSchema.safeParse(value);
    if (!parsed.success) return { error: `not a Falcon event-stream event: ${zodReason(parsed.error)}` };
    return normalizeStreamEvent(parsed.data, aliases);
  }
  if (isRecord(value) && 'composite_id' in value) {
    const parsed = AlertEntitySchema.safeParse(value);
    if (!parsed.success) return { error: `not a Falcon Alerts API entity: ${zodReason(parsed.error)}` };
    return normalizeAlert(parsed.data, aliases);
  }
  return { code: 'VIGIL_ERR_UNSUPPORTED', error: 'neither a Falcon event-stream event ({metadata, event}) nor an Alerts API entity (composite_id)' };
}

function prefixed(prefix: string, o: EventOutcome): EventOutcome {
  return 'error' in o ? { ...o, error: prefix + o.error } : o;
}
