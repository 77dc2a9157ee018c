// Detached JWS (RFC 7515 appendix F) over the exact bytes of a Kafka record value: `header..signature`.
// Ed25519 signing and local verification run on node:crypto synchronously (jose's WebCrypto path costs
// a thread-pool round trip per signature, which dominated the embedded pipeline); jose still imports and
// exports the keys, and verifies against remote key sets.
import { createPublicKey, KeyObject, sign, verify, type JsonWebKey } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, type CompactVerifyGetKey, type JSONWebKeySet, type JWK } from 'jose';
import { ALG, type SigningKey } from './keys.js';
import { protectedHeaderProblem } from './protected-header.js';

const prepared = new WeakMap<SigningKey, { header: string; key: KeyObject }>();

function prepare(key: SigningKey): { header: string; key: KeyObject } {
  let p = prepared.get(key);
  if (!p) {
    const k = key.privateKey instanceof KeyObject ? key.privateKey : KeyObject.from(key.privateKey as Parameters<typeof KeyObject.from>[0]);
    p = { header: Buffer.from(JSON.stringify({ alg: ALG, kid: key.kid })).toString('base64url'), key: k };
    prepared.set(key, p);
  }
  return p;
}

/** `header..signature`: a compact JWS over the value with the payload part left out. */
export function signDetachedSync(value: Uint8Array, key: SigningKey): string {
  const { header, key: k } = prepare(key);
  const input = Buffer.from(`${header}.${Buffer.from(value).toString('base64url')}`);
  return `${header}..${sign(null, input, k).toString('base64url')}`;
}

export async function signDetached(value: Uint8Array, key: SigningKey): Promise<string> {
  return signDetachedSync(value, key);
}

export type VerifyResult = { ok: true; kid: string } | { ok: false; reason: string };
export type Verifier = (value: Uint8Array, signature: string | undefined) => Promise<VerifyResult>;

/** A verifier over a local JWKS, built once (keys indexed by kid); synchronous underneath. */
export function createVerifier(jwks: JSONWebKeySet): Verifier {
  const sync = createSyncVerifier(jwks);
  return async (value, signature) => sync(value, signature);
}

export function createSyncVerifier(jwks: JSONWebKeySet): (value: Uint8Array, signature: string | undefined) => VerifyResult {
  const keys = new Map<string, KeyObject>();
  const anonymous: KeyObject[] = [];
  for (const jwk of jwks.keys as JWK[]) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.d) continue;
    const k = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if (jwk.kid) keys.set(jwk.kid, k);
    else anonymous.push(k);
  }
  return (value, signature) => {
    if (!signature) return { ok: false, reason: 'unsigned: no vigil-signature header' };
    const parts = signature.split('.');
    if (parts.length !== 3 || parts[1] !== '') return { ok: false, reason: 'signature is not a detached compact JWS' };
    let header: { kid?: unknown };
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { kid?: unknown };
    } catch {
      return { ok: false, reason: 'signature header is not base64url JSON' };
    }
    const problem = protectedHeaderProblem(header);
    if (problem) return { ok: false, reason: problem };
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const candidates = kid ? (keys.has(kid) ? [keys.get(kid)!] : []) : [...keys.values(), ...anonymous];
    if (!candidates.length) return { ok: false, reason: `signature does not verify (kid ${kid}): no trusted key with that kid` };
    const input = Buffer.from(`${parts[0]}.${Buffer.from(value).toString('base64url')}`);
    const sig = Buffer.from(parts[2]!, 'base64url');
    for (const k of candidates) if (verify(null, input, k, sig)) return { ok: true, kid: kid ?? '' };
    return { ok: false, reason: `signature does not verify${kid ? ` (kid ${kid})` : ''}: signature verification failed` };
  };
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
      const problem = protectedHeaderProblem(header);
      if (problem) return { ok: false, reason: problem };
      kid = header.kid;
      await compactVerify(`${parts[0]}.${Buffer.from(value).toString('base64url')}.${parts[2]}`, keySet, { algorithms: [ALG] });
      return { ok: true, kid: kid ?? '' };
    } catch (err) {
      return { ok: false, reason: `signature does not verify${kid ? ` (kid ${kid})` : ''}: ${(err as Error).message}` };
    }
  };
}
