// GET /v1/decisions: the decisions this instance holds, newest first (issued_at, then id), filtered by
// subject (normalized like /v1/subjects/{key}), action and rule (`override` for the overrides), and paged
// with an opaque cursor naming the last item shown: a decision arriving between two pages never makes
// items repeat, and the cursor means the same on every instance.
import { ActionSchema, type Action, type Decision } from '@vigil/schemas';
import { sendJson, validationError, zodValidationError } from '../http/problem.js';
import type { RequestContext } from '../http/router.js';
import { SubjectParamSchema } from '../overrides/request.js';
import type { DecisionTable } from '../table.js';

interface Position {
  at: number;
  id: string;
}

const positionOf = (d: Decision): Position => ({ at: Date.parse(d.issued_at), id: d.id });
/** Newest first: later issued_at first, then the larger id. */
const before = (a: Position, b: Position): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') return { at: v[0] as number, id: v[1] };
  } catch {
    // fall through to the validation error
  }
  throw validationError([{ path: 'cursor', message: 'the next_cursor of a previous page' }]);
}

export function decisionsRoute(table: DecisionTable) {
  return (ctx: RequestContext): void => {
    const q = ctx.url.searchParams;
    const limit = Number(q.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw validationError([{ path: 'limit', message: 'a whole number from 1 to 500' }]);
    const cursor = q.get('cursor') ? decodeCursor(q.get('cursor')!) : undefined;
    const action = q.get('action');
    if (action && !ActionSchema.safeParse(action).success) throw validationError([{ path: 'action', message: 'allow, step_up or block' }]);
    let subject: string | undefined;
    if (q.get('subject')) {
      const parsed = SubjectParamSchema.safeParse(q.get('subject'));
      if (!parsed.success) throw zodValidationError(parsed.error, 'subject');
      subject = parsed.data;
    }
    const all = table
      .list({ ...(subject ? { subject } : {}), ...(action ? { action: action as Action } : {}), ...(q.get('rule') ? { rule: q.get('rule')! } : {}) })
      .map((d) => ({ d, p: positionOf(d) }));
    const rest = cursor ? all.filter((x) => before(x.p, cursor)) : all;
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    sendJson(ctx.res, 200, {
      items: page.map((x) => x.d),
      next_cursor: rest.length > limit && last ? encodeCursor(last.p) : null,
      total: all.length,
    });
  };
}
