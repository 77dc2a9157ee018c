// What the OCSF class normalizers share: the checked event, severity_id on Vigil's scale, users and
// devices through the alias map, and the final signal (subjects left empty are dropped).
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import { accountName, resolveSubject, severityFromLevel, severityFromName, text, type EventOutcome } from '../../kit/index.js';
import type { OcsfBaseEvent, OcsfDevice, OcsfSettings, OcsfUser } from './parse.js';

/** What every class normalizer gets: the checked base event and what was derived from it. */
export interface OcsfContext {
  event: OcsfBaseEvent;
  /** The event as received, for the class schemas. */
  raw: Record<string, unknown>;
  activityId: number | undefined;
  time: string;
  id: string;
  aliases: AliasMap;
  settings: OcsfSettings;
}

/** severity_id 1 Informational … 5 Critical, 6 Fatal. */
const OCSF_SEVERITY_LEVELS = [10, 30, 50, 70, 90, 95];

/** severity_id → the scale; Unknown (0) and Other (99) fall back to the `severity` caption. */
export function ocsfSeverity(e: OcsfBaseEvent): number | undefined {
  return severityFromLevel(e.severity_id, OCSF_SEVERITY_LEVELS) ?? severityFromName(e.severity);
}

export function userOf(u: OcsfUser | null | undefined, aliases: AliasMap): string | undefined {
  if (!u) return undefined;
  const name = text(u.name);
  return resolveSubject(aliases.user, [text(u.email_addr), name ? accountName({ name, domain: text(u.domain) }) : text(u.uid)], 320);
}

export function deviceOf(d: OcsfDevice | null | undefined, aliases: AliasMap): string | undefined {
  if (!d) return undefined;
  return resolveSubject(aliases.device, [text(d.hostname) ?? text(d.name), text(d.uid)]);
}

export function boolOf(v: boolean | string | null | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' ? v.toLowerCase() === 'true' : undefined;
}

export function signal(
  ctx: OcsfContext,
  type: string,
  severity: number,
  subjects: SignalInput['subjects'],
  attributes: SignalInput['attributes'],
): EventOutcome {
  for (const k of Object.keys(subjects) as (keyof typeof subjects)[]) if (!subjects[k]) delete subjects[k];
  if (Object.keys(subjects).length === 0) return { error: `class ${ctx.event.class_uid}: names no user, device or ip` };
  return { signal: { id: ctx.id, time: ctx.time, source: 'ocsf', type, severity, subjects, attributes } };
}
