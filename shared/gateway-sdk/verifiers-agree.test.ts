// The decision API verifies with node:crypto (createVerifier), SDK gateways with jose (verifierFor): one
// table of edge cases runs through both, and both must accept or refuse each record alike.
import { KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier, generateSigningKey, jwksOf, signDetached, type SigningKey } from '@vigil/signing';
import { verifierFor } from './keys.js';

const b64 = (v: string | Uint8Array): string => Buffer.from(v).toString('base64url');

/** A detached JWS with any protected header, validly signed by `key` over `header.b64url(value)`. */
function signWithHeader(header: unknown, value: Uint8Array, key: SigningKey): string {
  const h = b64(JSON.stringify(header));
  const k = key.privateKey instanceof KeyObject ? key.privateKey : KeyObject.from(key.privateKey as Parameters<typeof KeyObject.from>[0]);
  return `${h}..${sign(null, Buffer.from(`${h}.${b64(value)}`), k).toString('base64url')}`;
}

describe('the sync (API) and jose (SDK) verifiers agree', async () => {
  const key = await generateSigningKey();
  const foreign = await generateSigningKey();
  const value = Buffer.from('{"id":"dec_1","action":"block"}');
  const good = await signDetached(value, key);
  const [, , goodSig] = good.split('.');
  const cases: [name: string, signature: string | undefined, payload: Uint8Array, ok: boolean][] = [
    ['a record signed by the trusted key', good, value, true],
    ['no kid, signed by the only trusted key', signWithHeader({ alg: 'EdDSA' }, value, key), value, true],
    ['a foreign key under its own kid', await signDetached(value, foreign), value, false],
    ['a foreign key naming the trusted kid', signWithHeader({ alg: 'EdDSA', kid: key.kid }, value, foreign), value, false],
    ['an unknown kid', signWithHeader({ alg: 'EdDSA', kid: 'no-such-key' }, value, key), value, false],
    ['a kid that is not a string', signWithHeader({ alg: 'EdDSA', kid: 7 }, value, key), value, false],
    ['alg HS256', signWithHeader({ alg: 'HS256', kid: key.kid }, value, key), value, false],
    ['alg none', `${b64('{"alg":"none"}')}..`, value, false],
    ['crit with an extension', signWithHeader({ alg: 'EdDSA', kid: key.kid, crit: ['exp'], exp: 1 }, value, key), value, false],
    ['crit naming b64, b64 false', signWithHeader({ alg: 'EdDSA', kid: key.kid, crit: ['b64'], b64: false }, value, key), value, false],
    ['b64 false without crit', signWithHeader({ alg: 'EdDSA', kid: key.kid, b64: false }, value, key), value, false],
    ['a tampered payload', good, Buffer.from('{"id":"dec_1","action":"allow"}'), false],
    ['a truncated signature', good.slice(0, -4), value, false],
    ['a non-detached JWS (payload inside)', `${good.split('.')[0]}.${b64(value)}.${goodSig}`, value, false],
    ['a header that is JSON null', `${b64('null')}..${goodSig}`, value, false],
    ['a header that is not JSON', `${b64('{alg')}..${goodSig}`, value, false],
    ['garbage', 'not-a-jws', value, false],
    ['dots only', '..', value, false],
    ['an empty header value', '', value, false],
    ['no header', undefined, value, false],
  ];
  const api = createVerifier(jwksOf(key));
  const sdk = verifierFor({ jwks: jwksOf(key) });

  it.each(cases)('%s', async (_name, signature, payload, ok) => {
    const [a, b] = [await api(payload, signature), await sdk(payload, signature)];
    expect({ api: a.ok, sdk: b.ok }).toEqual({ api: ok, sdk: ok });
  });
});
