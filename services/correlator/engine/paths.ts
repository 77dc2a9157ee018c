// Reading a dotted path (`subjects.user`, `attributes.provider`) out of a signal, compiled once per rule.
import type { Signal } from '@vigil/schemas';

export type PathGetter = (s: Signal) => unknown;

export function compilePath(path: string): PathGetter {
  const parts = path.split('.');
  if (parts.length === 1) return (s) => (s as unknown as Record<string, unknown>)[parts[0]!];
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    return (s) => ((s as unknown as Record<string, Record<string, unknown> | undefined>)[a] ?? undefined)?.[b];
  }
  return (s) => {
    let v: unknown = s;
    for (const p of parts) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

/**
 * FNV-1a folded to 30 bits: compact dedupe fingerprints of signal ids kept in window state. 30 bits keep
 * them V8 small integers (no boxed heap number per entry); a collision only matters within one window.
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x3fffffff;
}
