// Where a gateway gets the keys that verify decisions: a JWKS given inline, or the decision API's
// /.well-known/jwks.json, cached and fetched again when a record names a kid not seen yet (key rotation).
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import { createKeySetVerifier, type Verifier } from '@vigil/signing';

export type KeySource =
  | { jwks: JSONWebKeySet }
  | { jwksUrl: string; cacheMaxAgeMs?: number; cooldownMs?: number; /** Allow plain http beyond loopback (a trusted network only). */ allowHttp?: boolean };

export function verifierFor(source: KeySource): Verifier {
  if ('jwks' in source) return createKeySetVerifier(createLocalJWKSet(source.jwks));
  const url = new URL(source.jwksUrl);
  if (url.protocol !== 'https:' && !source.allowHttp && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`jwksUrl ${source.jwksUrl}: fetch the keys over https (plain http only for loopback, or set allowHttp on a trusted network)`);
  }
  return createKeySetVerifier(createRemoteJWKSet(url, { cacheMaxAge: source.cacheMaxAgeMs ?? 10 * 60_000, cooldownDuration: source.cooldownMs ?? 30_000 }));
}
