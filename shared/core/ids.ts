// Stable ids: the same inputs always give the same id, so redelivered input dedupes downstream.
import { hash } from 'node:crypto';

/**
 * A short, URL-safe id derived from the parts (sha256 of each part followed by NUL, 128 bits, base64url).
 * One-shot `crypto.hash`: ingest makes one per signal, and a Hash object per call cost several times more.
 */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  let input = '';
  for (const p of parts) input += `${String(p)}\u0000`;
  return `${prefix}_${hash('sha256', input, 'base64url').slice(0, 22)}`;
}
