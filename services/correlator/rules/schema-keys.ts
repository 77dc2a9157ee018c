// Every object key a zod schema knows, anywhere inside it: the words an unknown key is compared with.
import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; element?: z.ZodType; innerType?: z.ZodType } & Record<string, unknown>;

export function schemaKeys(...schemas: z.ZodType[]): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: unknown): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const def = (s as { _zod?: { def?: Def } })._zod?.def;
    if (!def) return;
    if (def.shape) {
      for (const k of Object.keys(def.shape)) {
        keys.add(k);
        walk(def.shape[k]);
      }
    }
    for (const o of def.options ?? []) walk(o);
    for (const field of ['element', 'innerType', 'in', 'out', 'valueType', 'left', 'right'] as const) walk(def[field]);
  };
  for (const s of schemas) walk(s);
  return keys;
}
