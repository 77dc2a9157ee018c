import { describe, expect, it } from 'vitest';
import { createVerifier, generateSigningKey, jwksOf, signDetached } from './index.js';

describe('detached JWS over record values', () => {
  it('verifies with the signer JWKS and names the kid', async () => {
    const key = await generateSigningKey();
    const value = Buffer.from('{"id":"dec_1","action":"block"}');
    const sig = await signDetached(value, key);
    expect(sig).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(await createVerifier(jwksOf(key))(value, sig)).toEqual({ ok: true, kid: key.kid });
  });

  it('rejects a changed value, a foreign key and a missing signature', async () => {
    const key = await generateSigningKey();
    const foreign = await generateSigningKey();
    const verify = createVerifier(jwksOf(key));
    const value = Buffer.from('{"action":"block"}');
    const sig = await signDetached(value, key);
    expect((await verify(Buffer.from('{"action":"allow"}'), sig)).ok).toBe(false);
    expect((await verify(value, await signDetached(value, foreign))).ok).toBe(false);
    expect(await verify(value, undefined)).toEqual({ ok: false, reason: 'unsigned: no vigil-signature header' });
  });
});
