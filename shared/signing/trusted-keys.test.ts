import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vigil/core';
import { createVerifier, generateSigningKey, jwksOf, loadTrustedKeys, signDetached } from './index.js';

describe('trusted keys (rotation)', () => {
  it('verifies records signed by the previous key once it is trusted', async () => {
    const previous = await generateSigningKey();
    const active = await generateSigningKey();
    const dir = mkdtempSync(join(tmpdir(), 'vigil-trusted-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [previous.publicJwk] }));
    const trusted = loadTrustedKeys(file);
    const value = Buffer.from('{"action":"block"}');
    const old = await signDetached(value, previous);
    expect((await createVerifier(jwksOf(active))(value, old)).ok).toBe(false);
    expect(await createVerifier(jwksOf(active, trusted))(value, old)).toEqual({ ok: true, kid: previous.kid });
    expect(jwksOf(active, trusted).keys.map((k) => k.kid)).toEqual([active.kid, previous.kid]);
  });

  it('accepts inline JSON and rejects private keys, other curves and missing kids, listing each', async () => {
    const key = await generateSigningKey();
    expect(loadTrustedKeys(JSON.stringify({ keys: [key.publicJwk] }))[0]).toMatchObject({ kid: key.kid, crv: 'Ed25519' });
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const priv = { ...(await exportJWK(privateKey)), kid: 'p' };
    const { x: _x, ...noX } = key.publicJwk;
    const { kid: _kid, ...noKid } = key.publicJwk;
    try {
      loadTrustedKeys(JSON.stringify({ keys: [priv, { kty: 'EC', crv: 'P-256', kid: 'e' }, noX, noKid] }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems[0]).toMatch(/keys\[0\].*private key/);
      expect(problems[1]).toMatch(/keys\[1\].*Ed25519/);
      expect(problems[3]).toMatch(/keys\[3\].*kid/);
    }
    expect(() => loadTrustedKeys('not json')).toThrow(/VIGIL_TRUSTED_KEYS/);
    expect(() => loadTrustedKeys('{"k":1}')).toThrow(/expected a JWKS/);
  });
});
