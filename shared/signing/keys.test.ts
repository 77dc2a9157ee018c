// VIGIL_SIGNING_KEY: a PKCS#8 PEM or a JWK, inline or in a file; the kid is the public key's thumbprint.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vigil/core';
import { createVerifier, jwksOf, loadSigningKey, signDetached } from './index.js';

describe('loadSigningKey', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const jwk = privateKey.export({ format: 'jwk' });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));

  it('reads a PEM string and the same PEM from a file to the same key', async () => {
    const file = join(dir, 'signing.pem');
    writeFileSync(file, pem);
    const inline = await loadSigningKey(pem);
    const fromFile = await loadSigningKey(file);
    const { x } = publicKey.export({ format: 'jwk' });
    expect(inline).toMatchObject({ ephemeral: false, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, alg: 'EdDSA', use: 'sig' } });
    expect(inline.publicJwk.d).toBeUndefined();
    expect(inline.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: x! }));
    expect(fromFile.kid).toBe(inline.kid);
    const value = Buffer.from('{"action":"block"}');
    expect(await createVerifier(jwksOf(inline))(value, await signDetached(value, fromFile))).toEqual({ ok: true, kid: inline.kid });
  });

  it('reads a JWK file and keeps its kid', async () => {
    const file = join(dir, 'signing.jwk.json');
    writeFileSync(file, JSON.stringify({ ...jwk, kid: 'vigil-2026-03' }));
    const key = await loadSigningKey(file);
    expect(key).toMatchObject({ kid: 'vigil-2026-03', ephemeral: false, publicJwk: { x: jwk.x, kid: 'vigil-2026-03' } });
  });

  it('refuses a public key, a file with neither, and another curve with a ConfigError', async () => {
    const other = join(dir, 'note.txt');
    writeFileSync(other, 'hello');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const value of [JSON.stringify(publicKey.export({ format: 'jwk' })), other, ec])
      await expect(loadSigningKey(value)).rejects.toBeInstanceOf(ConfigError);
  });
});
