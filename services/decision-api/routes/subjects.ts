// GET /v1/subjects/{key}: what is in force for one subject, the latest rule decision and override held,
// its risk (the correlator's profile decayed to now), and the evidence behind its recent decisions.
import { VigilError } from '@vigil/core';
import type { Decision, Evidence } from '@vigil/schemas';
import { sendJson, zodValidationError } from '../http/problem.js';
import type { RequestContext } from '../http/router.js';
import { SubjectParamSchema } from '../overrides/request.js';
import type { Risk } from '../risk.js';
import type { DecisionTable } from '../table.js';

const RECENT_DECISIONS = 20;
const RECENT_EVIDENCE = 50;

export function subjectRoute(table: DecisionTable, riskOf: (subject: string) => Promise<Risk | undefined>) {
  return async (ctx: RequestContext): Promise<void> => {
    const parsed = SubjectParamSchema.safeParse(ctx.params.key);
    if (!parsed.success) throw zodValidationError(parsed.error, 'key');
    const subject = parsed.data;
    const recent = table.list({ subject }).slice(0, RECENT_DECISIONS);
    const held = table.held(subject);
    const risk = await riskOf(subject);
    if (!recent.length && !held.rule && !held.override && !risk) throw new VigilError('VIGIL_ERR_NOT_FOUND', `nothing is known about ${subject}`);
    const inForce = table.inForce(subject);
    sendJson(ctx.res, 200, {
      subject,
      action: inForce?.action ?? 'allow',
      in_force: inForce ?? null,
      rule_decision: held.rule ?? null,
      override: held.override ?? null,
      risk: risk ?? null,
      evidence: evidenceOf(recent),
      decisions: recent,
    });
  };
}

/** The signals behind the recent decisions, newest first, each once. */
function evidenceOf(decisions: readonly Decision[]): (Evidence & { decision_id: string })[] {
  const seen = new Set<string>();
  const out: (Evidence & { decision_id: string })[] = [];
  for (const d of decisions) {
    for (const e of [...d.evidence].reverse()) {
      if (seen.has(e.signal_id)) continue;
      seen.add(e.signal_id);
      out.push({ ...e, decision_id: d.id });
    }
  }
  return out.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).slice(0, RECENT_EVIDENCE);
}
