// One readable line per decision, for the demo and replay.
import type { Decision } from '@vigil/schemas';

export function formatDecisionLine(d: Decision): string {
  const time = d.issued_at.slice(11, 19);
  const until = d.expires_at.slice(11, 19);
  const by = d.rule ? d.rule.id : `override by ${d.override?.by ?? '?'}`;
  const mode = d.mode === 'shadow' ? ' (shadow)' : '';
  return `${time}  ${d.action.toUpperCase().padEnd(7)} ${d.subject}  ${by}${mode}  "${d.reason}"  until ${until}  ${d.id}`;
}
