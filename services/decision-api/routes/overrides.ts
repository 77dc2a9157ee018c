// POST /v1/overrides (block / step_up / allow a subject now), DELETE /v1/overrides/{key} (unblock),
// GET /v1/overrides (the overrides in force). Operator role for changes; every change is audited.
import { VigilError } from '@vigil/core';
import { readJsonBody } from '../http/body.js';
import { sendJson, validationError, zodValidationError } from '../http/problem.js';
import type { RequestContext } from '../http/router.js';
import { OVERRIDE_BODY_LIMIT_BYTES, OverrideRequestSchema, SubjectParamSchema } from '../overrides/request.js';
import type { OverrideService } from '../overrides/service.js';
import type { DecisionTable } from '../table.js';

function callerOf(ctx: RequestContext): string {
  if (!ctx.principal) throw new VigilError('VIGIL_ERR_UNAUTHENTICATED', 'no caller');
  return ctx.principal.by;
}

export function createOverrideRoute(service: OverrideService) {
  return async (ctx: RequestContext): Promise<void> => {
    const body = await readJsonBody(ctx.req, OVERRIDE_BODY_LIMIT_BYTES);
    const parsed = OverrideRequestSchema.safeParse(body);
    if (!parsed.success) throw zodValidationError(parsed.error);
    const decision = await service.create(callerOf(ctx), parsed.data);
    sendJson(ctx.res, 201, decision, { location: `/v1/subjects/${encodeURIComponent(decision.subject)}` });
  };
}

export function deleteOverrideRoute(service: OverrideService) {
  return async (ctx: RequestContext): Promise<void> => {
    const subject = SubjectParamSchema.safeParse(ctx.params.key);
    if (!subject.success) throw zodValidationError(subject.error, 'key');
    const reason = (ctx.url.searchParams.get('reason') ?? '').trim() || 'manual unblock';
    if (reason.length > 1024) throw validationError([{ path: 'reason', message: 'at most 1024 characters' }]);
    sendJson(ctx.res, 200, await service.unblock(callerOf(ctx), subject.data, reason));
  };
}

export function listOverridesRoute(table: DecisionTable) {
  return (ctx: RequestContext): void => {
    const items = table.overridesInForce().sort((a, b) => (a.issued_at < b.issued_at ? 1 : -1));
    sendJson(ctx.res, 200, { items });
  };
}
