// The subject alias map (DESIGN.md §4): joins every spelling of one user or device to one id.
// File format (YAML or JSON):
//   users:   { "alice@acme.example": ["ACME\\alice", "alice", "9f0c…-entra-object-id"] }
//   devices: { "laptop-carol": ["LAPTOP-CAROL.acme.local", "mde-4f2a…", "entra-device-1b…"] }
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { ConfigError, describeIssues } from '@vigil/core';

/** Resolves a spelling to the canonical id; `known` tells whether the map itself names this spelling. */
export interface Resolver {
  (id: string): string;
  known(id: string): boolean;
}

export interface AliasMap {
  /** Canonical user id (lower-cased UPN/e-mail) for any known spelling; unknown ones lower-cased. */
  user: Resolver;
  /** Canonical device id for any known spelling; unknown FQDNs by first label, others lower-cased. */
  device: Resolver;
}

export const AliasFileSchema = z
  .object({
    users: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
    devices: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  })
  .strict();
export type AliasFile = z.input<typeof AliasFileSchema>;

export function createAliasMap(file: AliasFile = {}): AliasMap {
  const parsed = AliasFileSchema.parse(file);
  const users = index(parsed.users);
  const devices = index(parsed.devices);
  const lookupUser = (k: string): string | undefined => users.get(k) ?? users.get(stripDomain(k));
  const lookupDevice = (k: string): string | undefined => {
    const host = shortHostName(k);
    return devices.get(k) ?? (host ? devices.get(host) : undefined);
  };
  const user = Object.assign(
    (id: string) => {
      const k = id.trim().toLowerCase();
      return lookupUser(k) ?? k;
    },
    { known: (id: string) => lookupUser(id.trim().toLowerCase()) !== undefined },
  );
  const device = Object.assign(
    (id: string) => {
      const k = id.trim().toLowerCase();
      return lookupDevice(k) ?? shortHostName(k) ?? k;
    },
    { known: (id: string) => lookupDevice(id.trim().toLowerCase()) !== undefined },
  );
  return { user, device };
}

export function loadAliasMap(path: string | undefined): AliasMap {
  if (!path) return createAliasMap();
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError([`aliases file ${path}: ${(err as Error).message}`]);
  }
  const r = AliasFileSchema.safeParse(data ?? {});
  if (!r.success) throw new ConfigError(describeIssues(r.error, `aliases file ${path}: `));
  return createAliasMap(r.data);
}

function index(map: Record<string, string[]>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(map)) {
    const c = canonical.trim().toLowerCase();
    m.set(c, c);
    for (const s of spellings) m.set(s.trim().toLowerCase(), c);
  }
  return m;
}

/**
 * `laptop-carol.acme.local` → `laptop-carol`: EDRs report FQDNs where agents report short host names, so
 * an unknown FQDN is joined on its first label. IP addresses and bare names are left alone.
 */
function shortHostName(id: string): string | undefined {
  if (/^\d+(\.\d+){3}$/.test(id) || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(id)) return undefined;
  return id.slice(0, id.indexOf('.'));
}

/** `ACME\carol` → `carol` so a short-name alias also matches the domain form. */
function stripDomain(id: string): string {
  const i = id.lastIndexOf('\\');
  return i >= 0 ? id.slice(i + 1) : id;
}
