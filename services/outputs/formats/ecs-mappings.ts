// Elasticsearch mappings for the fields Vigil writes, derived from ecs-fields.ts so types are never written
// twice. Useful for an index template where the ECS templates are not installed; `vigil.decision` and
// `vigil.evidence` are `flattened` so that varying signal attributes cannot explode or conflict.
import { ECS_FIELDS, type EcsType } from './ecs-fields.js';

type Mapping = { type: EcsType; ignore_above?: number } | { properties: Record<string, Mapping> };

export function ecsIndexMappings(): { dynamic: false; properties: Record<string, Mapping> } {
  const root: Record<string, Mapping> = {};
  for (const [name, field] of Object.entries(ECS_FIELDS)) {
    const parts = name.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      const next = (node[p] ??= { properties: {} });
      node = (next as { properties: Record<string, Mapping> }).properties;
    }
    node[parts[parts.length - 1]!] = field.type === 'keyword' ? { type: 'keyword', ignore_above: 1024 } : { type: field.type };
  }
  return { dynamic: false, properties: root };
}
