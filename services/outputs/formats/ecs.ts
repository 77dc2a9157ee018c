// Alert → Elastic Common Schema document (ECS 9.x; every field but `gen_ai.agent.id` is also in ECS 8.x).
// `event.kind` is `alert`, never `signal` (Elastic reserves it); Vigil's own data sits under `vigil.*`.
import { toIsoMs, type Alert } from '@vigil/schemas';
import { alertFacts, alertMessage, looksOpaqueId, subjectOutcome, unique } from './alert-facts.js';
import { eventCategories, eventTypes, ruleCategory } from './ecs-categories.js';
import { ECS_VERSION, type EcsFieldName } from './ecs-fields.js';
import { productVersion, VIGIL_PRODUCT, VIGIL_VENDOR, type EncodeOptions } from './product.js';
import { SEVERITY_IN_FORMATS } from './severity.js';

const ATTACK_URL = 'https://attack.mitre.org/techniques/';

export function encodeEcs(alert: Alert, options?: EncodeOptions): Record<string, unknown> {
  const f = alertFacts(alert);
  const d = alert.decision;
  const doc: Record<string, unknown> = {};
  const put = (field: EcsFieldName, value: unknown): void => setPath(doc, field, value);

  put('@timestamp', alert.created_at);
  put('ecs.version', ECS_VERSION);
  put('message', alertMessage(alert));
  put('tags', ['vigil', alert.kind]);

  const categories = eventCategories(f);
  put('event.kind', 'alert');
  put('event.category', categories);
  put('event.type', eventTypes(f, categories));
  put('event.action', d.action);
  put('event.outcome', subjectOutcome(f));
  put('event.reason', d.reason);
  put('event.risk_score', alert.risk);
  put('event.risk_score_norm', alert.risk);
  put('event.severity', SEVERITY_IN_FORMATS[alert.severity].score);
  put('event.id', alert.id);
  put('event.created', alert.created_at);
  put('event.start', f.firstSeenMs === undefined ? undefined : toIsoMs(f.firstSeenMs));
  put('event.end', f.lastSeenMs === undefined ? undefined : toIsoMs(f.lastSeenMs));
  put('event.dataset', 'vigil.alerts');
  put('event.module', 'vigil');

  if (alert.rule) {
    put('rule.id', alert.rule.id);
    put('rule.name', alert.rule.name);
    put('rule.version', alert.rule.version);
    put('rule.description', alert.rule.description);
    put('rule.ruleset', 'vigil');
    put('rule.category', ruleCategory(f));
  }
  if (f.mitre.techniques.length) {
    put('threat.framework', 'MITRE ATT&CK');
    put('threat.technique.id', f.mitre.techniques);
    put(
      'threat.technique.reference',
      f.mitre.techniques.map((t) => `${ATTACK_URL}${t}/`),
    );
    put('threat.technique.subtechnique.id', f.mitre.subtechniques);
    put(
      'threat.technique.subtechnique.reference',
      f.mitre.subtechniques.map((t) => `${ATTACK_URL}${t.replace('.', '/')}/`),
    );
  }

  if (f.user) {
    put('user.id', f.user.id);
    put('user.name', f.user.name);
    put('user.email', f.user.email);
    put('user.domain', f.user.domain);
  }
  if (f.device) {
    put('host.id', f.device);
    put('host.name', looksOpaqueId(f.device) ? undefined : f.device);
  }
  put('source.ip', f.ip);
  put('gen_ai.agent.id', f.agent);

  put('related.user', unique([...f.users, ...(f.user ? [f.user.name] : []), ...(d.override ? [d.override.by] : [])]));
  put('related.hosts', f.devices);
  put('related.ip', f.ips);
  put('trace.id', d.trace?.trace_id);
  put('span.id', d.trace?.span_id);

  put('observer.vendor', VIGIL_VENDOR);
  put('observer.product', VIGIL_PRODUCT);
  put('observer.version', productVersion(options));

  put('vigil.alert_kind', alert.kind);
  put('vigil.mode', d.mode);
  put('vigil.subject', d.subject);
  put('vigil.decision', d);
  put('vigil.evidence', alert.signals);
  return doc;
}

/** ECS field name → its dotted parts: the names are a fixed set, split once each instead of once per alert. */
const PARTS = new Map<string, readonly string[]>();

/** Writes `value` at a dotted path, creating the objects on the way; nothing for undefined, '' or []. */
function setPath(doc: Record<string, unknown>, path: EcsFieldName, value: unknown): void {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
  let parts = PARTS.get(path);
  if (!parts) PARTS.set(path, (parts = path.split('.')));
  let node = doc;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    const p = parts[i]!;
    const next = node[p];
    if (next && typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>;
    else node = node[p] = {};
  }
  node[parts[last]!] = value;
}
