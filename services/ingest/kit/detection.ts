// Value helpers shared by the EDR / XDR sources: clean vendor strings, hashes, MITRE ids, statuses, and
// attribute maps without empty entries (the signal schema caps strings at 8192 and lists at 256).
import { countryCode } from './country.js';

export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;

/** A trimmed, non-empty string (numbers are stringified); `"null"` and empty strings → undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t && t.toLowerCase() !== 'null' ? t : undefined;
}

/** A country code or name as a vendor sent it → ISO 3166-1 alpha-2 when known. */
export function countryOf(v: unknown): string | undefined {
  const t = text(v);
  return t === undefined || t.length > 64 ? undefined : countryCode(t);
}

/** `text(v)` cut to `max` characters, for free text such as command lines. */
export function clip(v: unknown, max = 2048): string | undefined {
  const t = text(v);
  return t === undefined ? undefined : t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A hex digest, lower-cased; all-zero placeholders (CrowdStrike sends them) and non-hex → undefined. */
export function fileHash(v: unknown): string | undefined {
  const t = text(v)?.toLowerCase();
  if (!t || !/^[0-9a-f]{32,128}$/.test(t) || /^0+$/.test(t)) return undefined;
  return t;
}

const MITRE_TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

/** MITRE ATT&CK technique ids (T1059, T1564.001) out of any values, upper-cased, de-duplicated, in order. */
export function mitreIds(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const id = text(v)?.toUpperCase();
    if (id && MITRE_TECHNIQUE.test(id) && !out.includes(id) && out.length < 256) out.push(id);
  }
  return out;
}

/** Vendor workflow statuses in one spelling: `inProgress`, `In Progress`, `in_progress` → `in_progress`. */
export function statusName(v: unknown): string | undefined {
  const t = text(v);
  if (!t || t.length > 64) return undefined;
  return t
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

/** Drops undefined values and empty lists, so a signal carries only what the vendor said. */
export function compactAttributes(attrs: Record<string, AttributeValue | undefined>): Attributes {
  const out: Attributes = {};
  // for…in over an object literal, not Object.entries: no array of pairs per signal (a few % of Entra ingest).
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}
