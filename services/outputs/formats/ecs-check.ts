// Checks an ECS document against the field set in ecs-fields.ts: every leaf a known field, every value of
// the field's ECS type, arrays only where ECS normalises to arrays, categorisation values ECS allows.
import { isIpAddress } from './alert-facts.js';
import { EVENT_KINDS, EVENT_OUTCOMES, EVENT_TYPES, EXPECTED_TYPES } from './ecs-categories.js';
import { ecsField, type EcsType } from './ecs-fields.js';

/** Problems found, one line each; empty when the document conforms. */
export function checkEcsDocument(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  walk(doc, '', problems);
  problems.push(...checkCategorisation(doc));
  return problems;
}

function walk(node: Record<string, unknown>, prefix: string, problems: string[]): void {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix + key;
    const field = ecsField(path);
    if (field) {
      if (field.custom && !path.startsWith('vigil.')) problems.push(`${path}: custom fields must live under vigil.*`);
      const values = Array.isArray(value) ? value : [value];
      if (Array.isArray(value) && !field.array) problems.push(`${path}: ECS does not expect an array here`);
      for (const v of values) if (!isOfType(v, field.type)) problems.push(`${path}: ${JSON.stringify(v)?.slice(0, 80)} is not a valid ${field.type}`);
    } else if (isPlainObject(value)) {
      walk(value, `${path}.`, problems);
    } else {
      problems.push(`${path}: not in the ECS field set`);
    }
  }
}

function isOfType(v: unknown, type: EcsType): boolean {
  switch (type) {
    case 'keyword':
    case 'match_only_text':
      return typeof v === 'string';
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && Number.isFinite(Date.parse(v));
    case 'long':
      return Number.isSafeInteger(v);
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'ip':
      return typeof v === 'string' && isIpAddress(v);
    case 'flattened':
      return isPlainObject(v);
  }
}

function checkCategorisation(doc: Record<string, unknown>): string[] {
  const event = isPlainObject(doc['event']) ? doc['event'] : {};
  const problems: string[] = [];
  const kind = event['kind'];
  if (!(EVENT_KINDS as readonly unknown[]).includes(kind)) problems.push(`event.kind: ${String(kind)} is not an ECS value`);
  if (kind === 'signal') problems.push('event.kind: signal is reserved for Elastic Security');
  const categories = asStrings(event['category']);
  const types = asStrings(event['type']);
  for (const c of categories) {
    const expected = EXPECTED_TYPES[c];
    if (!expected) problems.push(`event.category: ${c} is not an ECS value`);
    else if (!types.some((t) => (expected as readonly string[]).includes(t)))
      problems.push(`event.type: none of ${types.join(',')} is expected for category ${c}`);
  }
  for (const t of types) {
    if (!(EVENT_TYPES as readonly string[]).includes(t)) problems.push(`event.type: ${t} is not an ECS value`);
    else if (!categories.some((c) => (EXPECTED_TYPES[c] as readonly string[] | undefined)?.includes(t)))
      problems.push(`event.type: ${t} is expected by none of the categories`);
  }
  const outcome = event['outcome'];
  if (outcome !== undefined && !(EVENT_OUTCOMES as readonly unknown[]).includes(outcome))
    problems.push(`event.outcome: ${String(outcome)} is not an ECS value`);
  return problems;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
