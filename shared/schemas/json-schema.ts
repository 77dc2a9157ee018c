// JSON Schemas for non-TypeScript consumers, generated from the zod schemas (never written by hand).
import { z } from 'zod';
import { AlertSchema } from './alert.js';
import { AuditSchema } from './audit.js';
import { DeadLetterSchema } from './deadletter.js';
import { DecisionSchema } from './decision.js';
import { SignalSchema } from './signal.js';

export const PUBLISHED_SCHEMAS = {
  'signal.v1': SignalSchema,
  'decision.v1': DecisionSchema,
  'alert.v1': AlertSchema,
  'deadletter.v1': DeadLetterSchema,
  'audit.v1': AuditSchema,
} as const;

export function renderJsonSchema(name: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ $id: `https://vigil.dev/schemas/${name}.json`, ...json }, null, 2) + '\n';
}
