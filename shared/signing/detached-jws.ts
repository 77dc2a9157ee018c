// Detached JWS (RFC 7515 appendix F) over the exact bytes of a Kafka record value: `header..signature`.
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type CompactVerifyGetKey, type JSONWebKeySet } from 'jose';
import { ALG, type SigningKey } from './keys.js';

export async function signDetached(value: Uint8Array, key: SigningKey): Promise<string> {
  const jws = await new CompactSign(value).setProtectedHeader({ alg: ALG, kid: key.kid }).sign(key.privateKey);
  const [h, , s] = jws.split('.');
  return `${h}..${s}`;
}

export type VerifyResult = { ok: true; kid: string } | { ok: false; reason: string };
export type Verifier = (value: Uint8Array, signature: string | undefined) => Promise<VerifyResult>;

/** A verifier over a JWKS, built once (keys indexed by kid by jose). */
export function createVerifier(jwks: JSONWebKeySet): Verifier {
  return createKeySetVerifier(createLocalJWKSet(jwks));
}

/**
 * A verifier over any jose key resolver: a local JWKS, or `createRemoteJWKSet(url)` which caches the keys
 * and fetches them again when a signature names a kid it does not know yet (key rotation).
 */
export function createKeySetVerifier(keySet: CompactVerifyGetKey): Verifier {
  return async (value, signature) => {
    if (!signature) return { ok: false, reason: 'unsigned: no vigil-signature header' };
    const parts = signature.split('.');
    if (parts.length !== 3 || parts[1] !== '') return { ok: false, reason: 'signature is not a detached compact JWS' };
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(signature);
      if (header.alg !== ALG) return { ok: false, reason: `signature algorithm ${String(header.alg)} is not accepted` };
      kid = header.kid;
      await compactVerify(`${parts[0]}.${Buffer.from(value).toString('base64url')}.${parts[2]}`, keySet, { algorithms: [ALG] });
      return { ok: true, kid: kid ?? '' };
    } catch (err) {
      return { ok: false, reason: `signature does not verify${kid ? ` (kid ${kid})` : ''}: ${(err as Error).message}` };
    }
  };
}
