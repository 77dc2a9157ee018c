// GET /v1/check — the nginx auth_request / Envoy ext_authz contract: subjects from the query or the
// X-Vigil-* headers, one verdict over all of them: 200 allow, 401 + X-Vigil-Action: step_up, 403 block.
import { parseSubjectKey, subjectKey, SUBJECT_KINDS, type SubjectKind } from '@vigil/schemas';
import type { DecisionTable } from '../table.js';
import { sendJson, validationError } from '../http/problem.js';
import type { RequestContext } from '../http/router.js';

const STATUS = { allow: 200, step_up: 401, block: 403 } as const;
const MAX_SUBJECTS = 16;
export const MAX_SUBJECT_ID_LENGTH = 512;
/** X-Vigil-Reason carries the reason percent-encoded (header-safe, and JSON-safe for nginx to echo). */
const MAX_REASON_HEADER_CHARS = 200;

/** Every subject a check request names, as subject keys; an id over the limit or a malformed `?subject=` is a 400. */
export function subjectsOf(ctx: Pick<RequestContext, 'url' | 'req'>): string[] {
  const out = new Set<string>();
  const add = (kind: SubjectKind, id: string | undefined): void => {
    const v = id?.trim();
    if (!v) return;
    if (v.length > MAX_SUBJECT_ID_LENGTH) throw validationError([{ path: kind, message: `an id is at most ${MAX_SUBJECT_ID_LENGTH} characters` }]);
    out.add(subjectKey(kind, v));
  };
  for (const kind of SUBJECT_KINDS) {
    for (const v of ctx.url.searchParams.getAll(kind)) add(kind, v);
    const h = ctx.req.headers[`x-vigil-${kind}`];
    for (const v of Array.isArray(h) ? h : h ? h.split(',') : []) add(kind, v);
  }
  for (const s of ctx.url.searchParams.getAll('subject')) {
    const parsed = parseSubjectKey(s);
    if (!parsed) throw validationError([{ path: 'subject', message: 'a subject key, <kind>:<id> with kind user|agent|device|session|ip|tool' }]);
    add(parsed.kind, parsed.id);
  }
  if (out.size > MAX_SUBJECTS) throw validationError([{ path: '(root)', message: `a check names at most ${MAX_SUBJECTS} subjects` }]);
  return [...out];
}

export function checkRoute(table: DecisionTable, onCheck?: (action: string, seconds: number) => void) {
  return (ctx: RequestContext): void => {
    const started = performance.now();
    const subjects = subjectsOf(ctx);
    if (!subjects.length)
      throw validationError([
        {
          path: '(root)',
          message:
            'name at least one subject: ?user=, ?agent=, ?device=, ?session=, ?tool=, ?ip= or X-Vigil-User / -Agent / -Device / -Session / -Tool / -Ip headers',
        },
      ]);
    const { action, decision } = table.check(subjects);
    const headers: Record<string, string> = { 'x-vigil-action': action };
    // A 401 must name a challenge (RFC 9110); this one tells the gateway to run its MFA step-up.
    if (action === 'step_up') headers['www-authenticate'] = 'Vigil realm="step-up"';
    if (decision) {
      headers['x-vigil-decision-id'] = decision.id;
      headers['x-vigil-expires-at'] = decision.expires_at;
      headers['x-vigil-reason'] = encodeURIComponent(Array.from(decision.reason).slice(0, MAX_REASON_HEADER_CHARS).join(''));
    }
    sendJson(
      ctx.res,
      STATUS[action],
      decision
        ? { action, subject: decision.subject, decision_id: decision.id, reason: decision.reason, expires_at: decision.expires_at, subjects }
        : { action, subjects },
      headers,
    );
    onCheck?.(action, (performance.now() - started) / 1000);
  };
}
