// Test helpers for the CAEP source: issuer key pairs generated per run, SETs signed from the payload
// fixtures, and a context that trusts those issuers. Used by the tests only.
import { readFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { SourceContext } from '../../source.js';
import { testContext } from '../../testing/source-harness.js';

export const IDP = 'https://idp.acme.example/';
export const MDM = 'https://mdm.partner.example/';
export const RECEIVER = 'https://vigil.acme.example/ssf';
/** 2026-03-02T10:00:00Z, after every fixture's iat. */
export const NOW = Date.UTC(2026, 2, 2, 10);

export interface IssuerKey {
  alg: 'EdDSA' | 'ES256';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function issuerKey(alg: IssuerKey['alg'], kid: string): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export function payloadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

export interface SignOptions {
  typ?: string | undefined;
  kid?: string | undefined;
}

export function signSet(payload: Record<string, unknown>, key: IssuerKey, opts: SignOptions = {}): Promise<string> {
  const typ = 'typ' in opts ? opts.typ : 'secevent+jwt';
  const kid = 'kid' in opts ? opts.kid : key.kid;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, ...(kid === undefined ? {} : { kid }), ...(typ === undefined ? {} : { typ }) })
    .sign(key.privateKey);
}

export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

export function caepContext(idp: IssuerKey, mdm: IssuerKey, extra: Record<string, unknown> = {}): SourceContext {
  return testContext({
    now: () => NOW,
    settings: {
      issuers: [
        { issuer: IDP, jwks: { keys: [idp.publicJwk] } },
        { issuer: MDM, jwks: { keys: [mdm.publicJwk] }, audience: RECEIVER },
      ],
      ...extra,
    },
    aliasFile: {
      users: { 'ivan@acme.example': ['7375626A656374'] },
      devices: { 'laptop-carol': ['e9297990-14d2-42ec-a4a9-4036db86509a'] },
    },
  });
}
