// Signed CAEP Security Event Tokens for the ingest int test: one issuer key per run, payloads from the
// caep source's own fixtures, re-issued by that issuer.
import { readFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

const ISSUER = 'https://idp.int-test.example/';
let key: Promise<{ privateKey: CryptoKey; publicJwk: JWK }> | undefined;

function issuerKey(): Promise<{ privateKey: CryptoKey; publicJwk: JWK }> {
  key ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: 'int-1', alg: 'EdDSA', use: 'sig' } };
  })();
  return key;
}

export async function caepIssuerSettings(): Promise<Record<string, unknown>> {
  return { issuers: [{ issuer: ISSUER, jwks: { keys: [(await issuerKey()).publicJwk] } }] };
}

export async function signedCaepRecords(): Promise<string[]> {
  const { privateKey } = await issuerKey();
  const out: string[] = [];
  for (const name of ['session-revoked.json', 'risk-level-change.json']) {
    const payload = JSON.parse(readFileSync(new URL(`../../services/ingest/sources/caep/fixtures/${name}`, import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    delete payload.aud;
    out.push(await new SignJWT({ ...payload, iss: ISSUER }).setProtectedHeader({ alg: 'EdDSA', kid: 'int-1', typ: 'secevent+jwt' }).sign(privateKey));
  }
  return out;
}
