// The subject alias map (DESIGN.md §4): joins every spelling of one user or device to one id.
// File format (YAML or JSON):
//   users:   { "alice@acme.example": ["ACME\\alice", "alice", "9f0c…-entra-object-id"] }
//   devices: { "laptop-carol": ["LAPTOP-CAROL.acme.local", "mde-4f2a…", "entra-device-1b…"] }
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { ConfigError, describeIssues } from '@vigil/core';

export interface AliasMap {
  /** Canonical user id (lower-cased UPN/e-mail) for any known spelling; unknown ones lower-cased. */
  user(id: string): string;
  /** Canonical device id for any known spelling; unknown ones lower-cased. */
  device(id: string): string;
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
  return {
    user: (id) => {
      const k = id.trim().toLowerCase();
      return users.get(k) ?? users.get(stripDomain(k)) ?? k;
    },
    device: (id) => {
      const k = id.trim().toLowerCase();
      return devices.get(k) ?? devices.get(k.split('.')[0] ?? k) ?? k;
    },
  };
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

/** `ACME\carol` → `carol` so a short-name alias also matches the domain form. */
function stripDomain(id: string): string {
  const i = id.lastIndexOf('\\');
  return i >= 0 ? id.slice(i + 1) : id;
}
