// Country names and codes as vendors send them → ISO 3166-1 alpha-2, so `country` compares across sources
// (Okta says "Portugal", Entra "PT", some feeds "PRT" or "United States of America").
import { COUNTRY_TABLE } from './country-names.js';

const byAlpha2 = new Set<string>();
const byAlpha3 = new Map<string, string>();
const byName = new Map<string, string>();

for (const line of COUNTRY_TABLE.split('\n')) {
  const m = /^([A-Z]{2}) ([A-Z]{3}) (.+)$/.exec(line.trim());
  if (!m) continue;
  const [, alpha2 = '', alpha3 = '', names = ''] = m;
  byAlpha2.add(alpha2);
  byAlpha3.set(alpha3, alpha2);
  for (const name of names.split('|')) byName.set(nameKey(name), alpha2);
}

/**
 * ISO 3166-1 alpha-2 (upper-case) for an alpha-2 or alpha-3 code or an English country name in any case,
 * with or without accents, "The", "St." / "Saint", "&" / "and"; anything unknown comes back trimmed.
 */
export function countryCode(nameOrCode: string): string {
  const trimmed = nameOrCode.trim();
  const upper = trimmed.toUpperCase();
  if (upper.length === 2 && byAlpha2.has(upper)) return upper;
  if (upper.length === 3 && byAlpha3.has(upper)) return byAlpha3.get(upper)!;
  // Most names arrive plain ("Portugal", "United States"): their key is their lower case, found without
  // normalizing and eight replaces (about as costly as the rest of an Okta event's normalization).
  const lower = trimmed.toLowerCase();
  return byName.get(isPlainKey(lower) ? lower : nameKey(trimmed)) ?? trimmed;
}

/** Lower-case ASCII words and single spaces, no leading "the " or "st ": what nameKey gives back unchanged. */
const PLAIN = /^[a-z]+(?: [a-z]+)*$/;

export function isPlainKey(lower: string): boolean {
  return PLAIN.test(lower) && !lower.startsWith('the ') && !lower.startsWith('st ');
}

/** Every alpha-2 code the table knows (for tests and docs). */
export function knownCountryCodes(): string[] {
  return [...byAlpha2].sort();
}

/** One spelling per name: "Côte d’Ivoire" = "cote d'ivoire", "St. Lucia" = "Saint Lucia", "The Gambia" = "Gambia". */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/^st /, 'saint ');
}
