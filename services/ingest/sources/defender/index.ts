// Microsoft Defender source: `vigil.raw.defender` records → `endpoint.detection` signals. A record holds
// Graph alert v2 objects, legacy `/api/alerts` rows, or a `{"value": […]}` page of either. Legacy exports
// flatten one alert × N evidence to N rows: rows of one alert in one record become one signal.
import { TOPICS } from '@vigil/schemas';
import { IGNORED, handleJsonRecord, isRecord, zodReason, type EventOutcome } from '../../kit/index.js';
import { rawRefOf } from '../../source.js';
import type { AliasMap } from '../../aliases.js';
import type { Source } from '../../source.js';
import { normalizeGraphAlert, normalizeLegacyAlert } from './normalize.js';
import { GraphAlertSchema, LegacyAlertSchema, type LegacyAlert } from './parse.js';

export const defenderSource: Source = {
  name: 'defender',
  signalSource: 'defender',
  topic: TOPICS.rawDefender,
  handle(record, ctx) {
    // Legacy alerts by id, in the order first seen: normalized once all of the record is read.
    const legacy = new Map<string, LegacyAlert[]>();
    const out = handleJsonRecord(record, (value) => readValue(value, ctx.aliases, legacy));
    for (const rows of legacy.values()) {
      const o = normalizeLegacyAlert(mergeRows(rows), ctx.aliases);
      if ('signal' in o) out.signals.push({ ...o.signal, raw_ref: rawRefOf(record) });
      else if ('error' in o) out.problems.push({ code: o.code ?? 'VIGIL_ERR_VALIDATION', reason: o.error });
    }
    return out;
  },
};

/**
 * Rows of one legacy alert (same `id`) → one alert whose evidence is every row's, so counting rules count
 * the alert once; a lone row stays as it is (its id keeps its evidence, see normalizeLegacyAlert).
 */
function mergeRows(rows: LegacyAlert[]): LegacyAlert {
  if (rows.length === 1) return rows[0]!;
  const evidence = rows.flatMap((r) => (Array.isArray(r.evidence) ? r.evidence : r.evidence ? [r.evidence] : []));
  return { ...rows[0]!, relatedUser: rows.find((r) => r.relatedUser)?.relatedUser ?? rows[0]!.relatedUser, evidence };
}

type LegacyRows = Map<string, LegacyAlert[]>;

function readValue(value: unknown, aliases: AliasMap, legacy: LegacyRows): EventOutcome[] {
  if (isRecord(value) && Array.isArray(value.value)) {
    if (value.value.length === 0) return [IGNORED];
    return value.value.flatMap((v, i) => {
      const o = readOne(v, aliases, legacy);
      return o === undefined ? [] : ['error' in o ? { ...o, error: `value[${i}]: ${o.error}` } : o];
    });
  }
  const o = readOne(value, aliases, legacy);
  return o === undefined ? [] : [o];
}

/** One alert's outcome, or undefined for a legacy alert kept in `legacy` until the record is read. */
function readOne(value: unknown, aliases: AliasMap, legacy: LegacyRows): EventOutcome | undefined {
  if (!isRecord(value)) return { code: 'VIGIL_ERR_UNSUPPORTED', error: 'not a Defender alert: expected a JSON object' };
  // The legacy API names its creation time alertCreationTime; Graph v2 names it createdDateTime.
  if ('alertCreationTime' in value) {
    const parsed = LegacyAlertSchema.safeParse(value);
    if (!parsed.success) return { error: `not a Defender /api/alerts alert: ${zodReason(parsed.error)}` };
    const rows = legacy.get(parsed.data.id);
    if (rows) rows.push(parsed.data);
    else legacy.set(parsed.data.id, [parsed.data]);
    return undefined;
  }
  if ('createdDateTime' in value || 'evidence' in value || '@odata.type' in value) {
    const parsed = GraphAlertSchema.safeParse(value);
    if (!parsed.success) return { error: `not a Graph security alert: ${zodReason(parsed.error)}` };
    return normalizeGraphAlert(parsed.data, aliases);
  }
  return { code: 'VIGIL_ERR_UNSUPPORTED', error: 'not a Defender alert: no createdDateTime (Graph alert v2) or alertCreationTime (/api/alerts)' };
}
