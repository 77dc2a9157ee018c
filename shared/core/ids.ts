// Stable ids: the same inputs always give the same id, so redelivered input dedupes downstream.
import { createHash } from 'node:crypto';

/** A short, URL-safe id derived from the parts (sha256, 128 bits, base64url). */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\u0000');
  return `${prefix}_${h.digest('base64url').slice(0, 22)}`;
}
