// User and device names as EDRs report them → one spelling the alias map can resolve (DESIGN.md §4).
import type { Resolver } from '../aliases.js';

/** Built-in Windows principals: a detection under SYSTEM is about the machine, not a person. */
const SERVICE_ACCOUNTS = new Set(['system', 'localsystem', 'local service', 'network service', 'anonymous logon']);
const SERVICE_DOMAINS = new Set(['nt authority', 'window manager', 'font driver host']);

export interface AccountParts {
  upn?: string | undefined;
  name?: string | undefined;
  domain?: string | undefined;
}

/**
 * The account as one string: the UPN if there is one, else `DOMAIN\name` (so a local `Administrator` on
 * two machines stays two people until the alias map joins them), else the bare name. Machine accounts
 * (`HOST$`) and built-in service principals → undefined.
 */
export function accountName(parts: AccountParts): string | undefined {
  const upn = clean(parts.upn);
  if (upn && upn.includes('@')) return upn;
  const name = clean(parts.name);
  if (!name) return upn;
  const slash = name.lastIndexOf('\\');
  const bare = slash >= 0 ? name.slice(slash + 1) : name;
  const domain = slash >= 0 ? name.slice(0, slash) : clean(parts.domain);
  if (!bare || bare.endsWith('$') || SERVICE_ACCOUNTS.has(bare.toLowerCase())) return undefined;
  if (domain && SERVICE_DOMAINS.has(domain.toLowerCase())) return undefined;
  if (name.includes('@') || !domain) return bare === name ? name : bare;
  return `${domain}\\${bare}`;
}

/**
 * Resolves a subject named several ways (DNS name, MDE id, Entra id …): the first spelling the alias map
 * knows wins, otherwise the first spelling, lower-cased by the map. Spellings over `max` are skipped.
 */
export function resolveSubject(resolve: Resolver, candidates: readonly (string | undefined)[], max = 256): string | undefined {
  const usable = candidates.map(clean).filter((c): c is string => c !== undefined && c.length <= max);
  for (const c of usable) {
    if (!resolve.known(c)) continue;
    const r = resolve(c);
    return r.length <= max ? r : undefined;
  }
  const first = usable[0];
  if (first === undefined) return undefined;
  const r = resolve(first);
  return r.length <= max ? r : undefined;
}

function clean(v: string | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t && t.toLowerCase() !== 'null' ? t : undefined;
}
