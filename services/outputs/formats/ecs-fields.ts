// The ECS field set Vigil alerts use, each with its ECS data type (ECS 9.x reference), plus Vigil's own
// `vigil.*` fields. The encoder can only write names listed here; a test checks every value against its type.

export const ECS_VERSION = '9.0.0';

export type EcsType = 'keyword' | 'match_only_text' | 'date' | 'long' | 'float' | 'ip' | 'flattened';

export interface EcsField {
  readonly type: EcsType;
  /** ECS normalises the field to an array (`event.category`, `related.*`, `tags` …). */
  readonly array?: true;
  /** Not ECS: Vigil's own field, always under `vigil.`. */
  readonly custom?: true;
}

export const ECS_FIELDS = {
  '@timestamp': { type: 'date' },
  'ecs.version': { type: 'keyword' },
  message: { type: 'match_only_text' },
  tags: { type: 'keyword', array: true },

  'event.kind': { type: 'keyword' },
  'event.category': { type: 'keyword', array: true },
  'event.type': { type: 'keyword', array: true },
  'event.action': { type: 'keyword' },
  'event.outcome': { type: 'keyword' },
  'event.reason': { type: 'keyword' },
  'event.risk_score': { type: 'float' },
  'event.risk_score_norm': { type: 'float' },
  'event.severity': { type: 'long' },
  'event.id': { type: 'keyword' },
  'event.created': { type: 'date' },
  'event.start': { type: 'date' },
  'event.end': { type: 'date' },
  'event.dataset': { type: 'keyword' },
  'event.module': { type: 'keyword' },

  'rule.id': { type: 'keyword' },
  'rule.name': { type: 'keyword' },
  'rule.version': { type: 'keyword' },
  'rule.description': { type: 'keyword' },
  'rule.ruleset': { type: 'keyword' },
  'rule.category': { type: 'keyword' },

  'threat.framework': { type: 'keyword' },
  'threat.technique.id': { type: 'keyword', array: true },
  'threat.technique.reference': { type: 'keyword', array: true },
  'threat.technique.subtechnique.id': { type: 'keyword', array: true },
  'threat.technique.subtechnique.reference': { type: 'keyword', array: true },

  'user.id': { type: 'keyword' },
  'user.name': { type: 'keyword' },
  'user.email': { type: 'keyword' },
  'user.domain': { type: 'keyword' },
  'host.id': { type: 'keyword' },
  'host.name': { type: 'keyword' },
  'source.ip': { type: 'ip' },
  'gen_ai.agent.id': { type: 'keyword' },

  'related.user': { type: 'keyword', array: true },
  'related.hosts': { type: 'keyword', array: true },
  'related.ip': { type: 'ip', array: true },

  'trace.id': { type: 'keyword' },
  'span.id': { type: 'keyword' },

  'observer.vendor': { type: 'keyword' },
  'observer.product': { type: 'keyword' },
  'observer.version': { type: 'keyword' },

  'vigil.alert_kind': { type: 'keyword', custom: true },
  'vigil.mode': { type: 'keyword', custom: true },
  'vigil.subject': { type: 'keyword', custom: true },
  // Flattened: decisions and signal attributes vary in shape; one field each keeps index mappings stable.
  'vigil.decision': { type: 'flattened', custom: true },
  'vigil.evidence': { type: 'flattened', array: true, custom: true },
} as const satisfies Record<string, EcsField>;

export type EcsFieldName = keyof typeof ECS_FIELDS;

export function ecsField(name: string): EcsField | undefined {
  return Object.hasOwn(ECS_FIELDS, name) ? (ECS_FIELDS as Record<string, EcsField>)[name] : undefined;
}
