// How a gateway answers a verdict over HTTP, the same way the decision API's /v1/check does: 403 for block,
// 401 with `X-Vigil-Action: step_up` for step-up (turn it into an MFA challenge), nothing for allow.
import type { Action, Decision } from '@vigil/schemas';

export interface HttpAnswer {
  status: 401 | 403;
  headers: Record<string, string>;
  body: { action: Action; reason: string; decision_id?: string; expires_at?: string };
}

/** The response that enforces a verdict, or undefined when the request may go on. */
export function httpAnswerOf(verdict: { action: Action; decision?: Decision | undefined; reason?: string }): HttpAnswer | undefined {
  if (verdict.action === 'allow') return undefined;
  const d = verdict.decision;
  const headers: Record<string, string> = { 'x-vigil-action': verdict.action, 'cache-control': 'no-store' };
  if (d) {
    headers['x-vigil-decision-id'] = d.id;
    headers['x-vigil-expires-at'] = d.expires_at;
  }
  if (verdict.action === 'step_up') headers['www-authenticate'] = 'Vigil realm="step-up"';
  return {
    status: verdict.action === 'block' ? 403 : 401,
    headers,
    body: {
      action: verdict.action,
      reason: d?.reason ?? verdict.reason ?? verdict.action,
      ...(d ? { decision_id: d.id, expires_at: d.expires_at } : {}),
    },
  };
}
