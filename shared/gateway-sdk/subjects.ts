// The subjects one gateway request names, as Vigil subject keys (`user:alice@acme.example`, `agent:finance-bot`).
import { SUBJECT_KINDS, subjectKey, type SubjectKind } from '@vigil/schemas';

/** What a gateway knows about a request: any of these; user and device ids are matched case-insensitively. */
export type CheckRequest = Partial<Record<SubjectKind, string | readonly string[] | undefined>>;

export function subjectKeysOf(request: CheckRequest): string[] {
  const out: string[] = [];
  for (const kind of SUBJECT_KINDS) {
    const v = request[kind];
    for (const id of typeof v === 'string' ? [v] : (v ?? [])) {
      const trimmed = id.trim();
      if (trimmed) out.push(subjectKey(kind, trimmed));
    }
  }
  return out;
}
