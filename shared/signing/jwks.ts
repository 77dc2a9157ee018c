// The public JWKS served at /.well-known/jwks.json: the active key plus any older public keys still trusted.
import type { JSONWebKeySet, JWK } from 'jose';
import type { SigningKey } from './keys.js';

export function jwksOf(active: SigningKey | undefined, extra: JWK[] = []): JSONWebKeySet {
  const keys = [...(active ? [active.publicJwk] : []), ...extra.filter((k) => k.kid !== active?.kid)];
  return { keys };
}
