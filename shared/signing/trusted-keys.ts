// Extra public keys that verify decisions (VIGIL_TRUSTED_KEYS): the previous key during a rotation, or the
// keys of other Vigil deployments. A JWKS as inline JSON or a path to a file; only Ed25519 public keys.
import { existsSync, readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { ConfigError } from '@vigil/core';
import { ALG } from './keys.js';

/** Reads and checks a trusted-keys JWKS; every problem is listed in one ConfigError. */
export function loadTrustedKeys(value: string): JWK[] {
  const text = existsSync(value) ? readFileSync(value, 'utf8') : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`VIGIL_TRUSTED_KEYS: neither a readable file nor JSON (${(err as Error).message})`]);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new ConfigError(['VIGIL_TRUSTED_KEYS: expected a JWKS, {"keys": [...]}']);
  const problems: string[] = [];
  const out: JWK[] = [];
  keys.forEach((k: unknown, i) => {
    const jwk = (k ?? {}) as JWK;
    const where = `VIGIL_TRUSTED_KEYS keys[${i}]`;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
      problems.push(`${where}: must be an Ed25519 public key (kty OKP, crv Ed25519, x)`);
    else if ('d' in jwk) problems.push(`${where}: holds a private key (d); trust lists carry public keys only`);
    else if (typeof jwk.kid !== 'string' || !jwk.kid) problems.push(`${where}: needs a kid (signatures name the key by kid)`);
    else out.push({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: ALG, use: 'sig' });
  });
  if (problems.length) throw new ConfigError(problems);
  return out;
}
