// Decision signing keys: Ed25519 from VIGIL_SIGNING_KEY (a JWK, a PEM, or a file holding either), or an
// ephemeral key for the embedded default. Public keys are published as a JWKS (several, for rotation).
import { existsSync, readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type CompactSign, type JWK } from 'jose';
import { ConfigError } from '@vigil/core';

export interface SigningKey {
  kid: string;
  privateKey: Parameters<CompactSign['sign']>[0];
  publicJwk: JWK;
  ephemeral: boolean;
}

export const ALG = 'EdDSA';

export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' }, ephemeral: true };
}

/** Reads VIGIL_SIGNING_KEY: inline JWK JSON, inline PEM (PKCS#8), or a path to a file with either. */
export async function loadSigningKey(value: string): Promise<SigningKey> {
  const text = existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) throw new Error('the JWK must be an Ed25519 private key (kty OKP, crv Ed25519, with d)');
      const privateKey = await importJWK(jwk, ALG, { extractable: true });
      const { d: _d, ...pub } = jwk;
      const kid = jwk.kid ?? (await calculateJwkThumbprint(pub));
      return { kid, privateKey, publicJwk: { ...pub, kid, alg: ALG, use: 'sig' }, ephemeral: false };
    }
    if (text.includes('BEGIN PRIVATE KEY')) {
      const privateKey = await importPKCS8(text, ALG, { extractable: true });
      const full = await exportJWK(privateKey);
      const { d: _d, ...pub } = full;
      const kid = await calculateJwkThumbprint(pub);
      return { kid, privateKey, publicJwk: { ...pub, kid, alg: ALG, use: 'sig' }, ephemeral: false };
    }
  } catch (err) {
    throw new ConfigError([`VIGIL_SIGNING_KEY: ${(err as Error).message}`]);
  }
  throw new ConfigError(['VIGIL_SIGNING_KEY: expected an Ed25519 private JWK, a PKCS#8 PEM, or a path to a file holding one']);
}
