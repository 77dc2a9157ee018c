// API tokens from VIGIL_API_TOKENS: comma-separated `role:token`, `role:sha256:<hex>`, `role:name:token` or
// `role:name:sha256:<hex>`. Only sha256 hashes are kept in memory; a token is never echoed in an error.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@vigil/core';

export const ROLES = ['viewer', 'operator', 'admin', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenEntry {
  role: Role;
  /** A name for audit records (`operator:alice:…`), else the token's fingerprint stands in. */
  name?: string;
  hash: Buffer;
  /** First 8 hex digits of the token's sha256: names the token in audit records without revealing it. */
  fingerprint: string;
}

const HEX64 = /^[0-9a-f]{64}$/i;
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const MIN_TOKEN_LENGTH = 16;

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function entryOf(role: Role, name: string | undefined, hash: Buffer): TokenEntry {
  return { role, ...(name ? { name } : {}), hash, fingerprint: hash.toString('hex').slice(0, 8) };
}

/** Parses the token list; throws one ConfigError naming every bad entry by position and role only. */
export function parseApiTokens(spec: string): TokenEntry[] {
  const problems: string[] = [];
  const out: TokenEntry[] = [];
  spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const where = `VIGIL_API_TOKENS entry ${i + 1}`;
      const [role, ...rest] = entry.split(':');
      if (!(ROLES as readonly string[]).includes(role ?? '')) return void problems.push(`${where}: role must be one of ${ROLES.join(', ')}`);
      let name: string | undefined;
      let secret: { clear: string } | { hex: string } | undefined;
      if (rest.length === 1) secret = { clear: rest[0]! };
      else if (rest.length === 2 && rest[0] === 'sha256') secret = { hex: rest[1]! };
      else if (rest.length === 2) [name, secret] = [rest[0], { clear: rest[1]! }];
      else if (rest.length === 3 && rest[1] === 'sha256') [name, secret] = [rest[0], { hex: rest[2]! }];
      if (!secret) return void problems.push(`${where} (${role}): expected role:token, role:sha256:<hex>, role:name:token or role:name:sha256:<hex>`);
      if (name !== undefined && !NAME.test(name)) return void problems.push(`${where} (${role}): a name is 1-64 of A-Z a-z 0-9 . _ @ -`);
      if ('hex' in secret && !HEX64.test(secret.hex)) return void problems.push(`${where} (${role}): sha256: needs 64 hex digits`);
      if ('clear' in secret && secret.clear.length < MIN_TOKEN_LENGTH)
        return void problems.push(`${where} (${role}): a token needs at least ${MIN_TOKEN_LENGTH} characters`);
      const hash = 'hex' in secret ? Buffer.from(secret.hex, 'hex') : sha256(secret.clear);
      if (out.some((e) => e.hash.equals(hash))) return void problems.push(`${where} (${role}): the same token is listed twice`);
      out.push(entryOf(role as Role, name, hash));
    });
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** A random operator token for a start without VIGIL_API_TOKENS (secure by default). */
export function generateOperatorToken(): { token: string; entry: TokenEntry } {
  const token = `vgl_${randomBytes(24).toString('base64url')}`;
  return { token, entry: entryOf('operator', 'generated', sha256(token)) };
}

/** The entry whose hash equals the token's, compared in constant time against every entry. */
export function findToken(entries: readonly TokenEntry[], token: string): TokenEntry | undefined {
  const hash = sha256(token);
  let found: TokenEntry | undefined;
  for (const e of entries) if (timingSafeEqual(e.hash, hash) && !found) found = e;
  return found;
}
