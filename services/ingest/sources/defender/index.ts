// Microsoft Defender source: `vigil.raw.defender` records → `endpoint.detection` signals. A record holds
// Graph alert v2 objects, legacy `/api/alerts` rows, or a `{"value": […]}` page of either.
import { TOPICS } from '@vigil/schemas';
import { IGNORED, handleJsonRecord, isRecord, zodReason, type EventOutcome } from '../../kit/index.js';
import type { AliasMap } from '../../aliases.js';
import type { Source } from '../../source.js';
import { normalizeGraphAlert, normalizeLegacyAlert } from './normalize.js';
import { GraphAlertSchema, LegacyAlertSchema } from './parse.js';

export const defenderSource: Source = {
  name: 'defender',
  signalSource: 'defender',
  topic: TOPICS.rawDefender,
  handle: (record, ctx) => handleJsonRecord(record, (value) => readValue(value, ctx.aliases)),
};

function readValue(value: unknown, aliases: AliasMap): EventOutcome[] {
  if (isRecord(value) && Array.isArray(value.value)) {
    if (value.value.length === 0) return [IGNORED];
    return value.value.map((v, i) => {
      const o = readOne(v, aliases);
      return 'error' in o ? { ...o, error: `value[${i}]: ${o.error}` } : o;
    });
  }
  return [readOne(value, aliases)];
}

function readOne(value: unknown, aliases: AliasMap): EventOutcome {
  if (!isRecord(value)) return { code: 'VIGIL_ERR_UNSUPPORTED', error: 'not a Defender alert: expected a JSON object' };
  // The legacy API names its creation time alertCreationTime; Graph v2 names it createdDateTime.
  if ('alertCreationTime' in value) {
    const parsed = LegacyAlertSchema.safeParse(value);
    if (!parsed.success) return { error: `not a Defender /api/alerts alert: ${zodReason(parsed.error)}` };
    return normalizeLegacyAlert(parsed.data, aliases);
  }
  if ('createdDateTime' in value || 'evidence' in value || '@odata.type' in value) {
    const parsed = GraphAlertSchema.safeParse(value);
    if (!parsed.success) return { error: `not a Graph security alert: ${zodReason(parsed.error)}` };
    return normalizeGraphAlert(parsed.data, aliases);
  }
  return { code: 'VIGIL_ERR_UNSUPPORTED', error: 'not a Defender alert: no createdDateTime (Graph alert v2) or alertCreationTime (/api/alerts)' };
}
