// Subject keys `<kind>:<id>` (DESIGN.md §4): the unit that state, decisions and enforcement are keyed by.
import { z } from 'zod';

export const SUBJECT_KINDS = ['user', 'agent', 'device', 'session', 'ip', 'tool'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const SubjectKindSchema = z.enum(SUBJECT_KINDS);

export const SubjectKeySchema = z
  .string()
  .max(512)
  .regex(/^(user|agent|device|session|ip|tool):\S.*$/, 'subject key must be <kind>:<id> with kind user|agent|device|session|ip|tool');
export type SubjectKey = z.infer<typeof SubjectKeySchema>;

/** The subjects a signal names, kind → id (ids without the kind prefix). */
export const SubjectsSchema = z
  .object({
    user: z.string().min(1).max(320).optional(),
    agent: z.string().min(1).max(256).optional(),
    device: z.string().min(1).max(256).optional(),
    session: z.string().min(1).max(512).optional(),
    ip: z.string().min(1).max(64).optional(),
    tool: z.string().min(1).max(256).optional(),
  })
  .strict();
export type Subjects = z.infer<typeof SubjectsSchema>;

/**
 * Whether ids of this kind are matched case-insensitively, and so keyed lower-cased: users (e-mail / UPN) and
 * devices (host names and device GUIDs, which are case-insensitive, and which gateways spell as Windows does,
 * `LAPTOP-CAROL`). Agent, session, tool and ip ids are kept as they are: agent and session ids can be
 * case-sensitive tokens.
 */
export function foldsCase(kind: string): boolean {
  return kind === 'user' || kind === 'device';
}

/** A subject's id as Vigil keys it: lower-cased where its kind folds case, else as given. */
export function subjectId(kind: string, id: string): string {
  return foldsCase(kind) ? id.toLowerCase() : id;
}

export function subjectKey(kind: SubjectKind, id: string): SubjectKey {
  return `${kind}:${subjectId(kind, id)}`;
}

export function parseSubjectKey(key: string): { kind: SubjectKind; id: string } | undefined {
  const i = key.indexOf(':');
  if (i <= 0) return undefined;
  const kind = key.slice(0, i);
  const id = key.slice(i + 1);
  if (!id || !(SUBJECT_KINDS as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as SubjectKind, id };
}

/** The subject a signal is keyed by on `vigil.signals` (one subject's signals stay on one partition). */
export function primarySubjectKey(subjects: Subjects): SubjectKey | undefined {
  for (const kind of ['user', 'agent', 'device', 'session', 'ip', 'tool'] as const) {
    const id = subjects[kind];
    if (id) return subjectKey(kind, id);
  }
  return undefined;
}
