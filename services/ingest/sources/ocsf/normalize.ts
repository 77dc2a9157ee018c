// OCSF event → signal (pure): checks the base event (class/category/type uids, time), then hands the
// classes Vigil maps to their own normalizers. Other classes are ignored.
import type { AliasMap } from '../../aliases.js';
import { IGNORED, parseTime, signalId, text, type EventOutcome } from '../../kit/index.js';
import { normalizeAuthentication } from './authentication.js';
import type { OcsfContext } from './common.js';
import { normalizeComplianceFinding, normalizeDeviceConfigStateChange } from './compliance.js';
import { normalizeDetectionFinding } from './detection-finding.js';
import type { OcsfBaseEvent, OcsfSettings } from './parse.js';

export const CLASS = { detectionFinding: 2004, complianceFinding: 2003, authentication: 3002, deviceConfigStateChange: 5019 } as const;

export function normalizeOcsfEvent(e: OcsfBaseEvent, raw: Record<string, unknown>, aliases: AliasMap, settings: OcsfSettings): EventOutcome {
  const checked = checkUids(e);
  if ('error' in checked) return checked;
  const mapped = [CLASS.authentication, CLASS.detectionFinding, CLASS.complianceFinding, CLASS.deviceConfigStateChange] as number[];
  if (!mapped.includes(e.class_uid)) return IGNORED;

  const time = eventTime(e);
  if (!time) return { error: `class ${e.class_uid}: time is missing or not a timestamp: ${JSON.stringify(e.time ?? null).slice(0, 64)}` };
  const ctx: OcsfContext = { event: e, raw, activityId: checked.activityId, time, id: eventId(e, raw), aliases, settings };
  switch (e.class_uid) {
    case CLASS.authentication:
      return normalizeAuthentication(ctx);
    case CLASS.detectionFinding:
      return normalizeDetectionFinding(ctx);
    case CLASS.complianceFinding:
      return normalizeComplianceFinding(ctx);
    default:
      return normalizeDeviceConfigStateChange(ctx);
  }
}

/** `category_uid = ⌊class_uid / 1000⌋` and `type_uid = class_uid × 100 + activity_id`; activity derived from type_uid when absent. */
export function checkUids(e: OcsfBaseEvent): { activityId: number | undefined } | { error: string } {
  if (e.category_uid != null && e.category_uid !== Math.floor(e.class_uid / 1000)) {
    return { error: `category_uid ${e.category_uid} does not match class_uid ${e.class_uid}` };
  }
  if (e.type_uid == null) return { activityId: e.activity_id ?? undefined };
  if (e.activity_id != null) {
    const expected = e.class_uid * 100 + e.activity_id;
    if (e.type_uid !== expected) return { error: `type_uid ${e.type_uid} is not class_uid × 100 + activity_id (${expected})` };
    return { activityId: e.activity_id };
  }
  const activity = e.type_uid - e.class_uid * 100;
  if (activity < 0 || activity > 99) return { error: `type_uid ${e.type_uid} does not belong to class_uid ${e.class_uid}` };
  return { activityId: activity };
}

/** `time` is epoch ms by the spec; some producers send seconds (told apart by magnitude) or ISO text. */
function eventTime(e: OcsfBaseEvent): string | undefined {
  const time = typeof e.time === 'number' && e.time <= 0 ? undefined : parseTime(e.time);
  return time ?? parseTime(e.time_dt);
}

/** metadata.uid (scoped by product) when the producer sets one; otherwise the event's own content. */
function eventId(e: OcsfBaseEvent, raw: Record<string, unknown>): string {
  const uid = text(e.metadata?.uid);
  if (uid) return signalId('ocsf', text(e.metadata?.product?.vendor_name) ?? '', text(e.metadata?.product?.name) ?? '', uid);
  return signalId('ocsf', 'content', JSON.stringify(raw));
}
