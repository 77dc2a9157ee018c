// GET /v1/decisions — recent decisions, newest first: ?subject=, ?action=, ?rule=, ?limit= (≤ 500), ?cursor=.
import { ActionSchema } from '@vigil/schemas';
import { VigilError } from '@vigil/core';
import { sendJson } from '../http/problem.js';
import type { RequestContext } from '../http/router.js';
import type { DecisionTable } from '../table.js';

export function decisionsRoute(table: DecisionTable) {
  return (ctx: RequestContext): void => {
    const q = ctx.url.searchParams;
    const limit = Number(q.get('limit') ?? 50);
    const cursor = Number(q.get('cursor') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new VigilError('VIGIL_ERR_VALIDATION', 'limit is a whole number from 1 to 500');
    if (!Number.isInteger(cursor) || cursor < 0) throw new VigilError('VIGIL_ERR_VALIDATION', 'cursor is the next_cursor of a previous page');
    const action = q.get('action');
    if (action && !ActionSchema.safeParse(action).success) throw new VigilError('VIGIL_ERR_VALIDATION', 'action is allow, step_up or block');
    const all = table.list({
      ...(q.get('subject') ? { subject: q.get('subject')! } : {}),
      ...(action ? { action: action as 'allow' } : {}),
      ...(q.get('rule') ? { rule: q.get('rule')! } : {}),
    });
    const items = all.slice(cursor, cursor + limit);
    sendJson(ctx.res, 200, { items, next_cursor: cursor + limit < all.length ? String(cursor + limit) : null, total: all.length });
  };
}
