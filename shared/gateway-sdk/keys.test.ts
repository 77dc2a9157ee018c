// A gateway with `jwksUrl` fetches the JWKS once, and again when a record names a kid it does not know
// (key rotation without a restart).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, jwksOf, signDetached, type SigningKey } from '@vigil/signing';
import type { JSONWebKeySet } from 'jose';
import { verifierFor } from './keys.js';

describe('jwksUrl', () => {
  let served: JSONWebKeySet = { keys: [] };
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const record = async (key: SigningKey): Promise<[Buffer, string]> => {
    const value = Buffer.from(`{"signed_by":"${key.kid}"}`);
    return [value, await signDetached(value, key)];
  };

  it('fetches the keys again for an unknown kid, and not for a known one', async () => {
    const old = await generateSigningKey();
    const rotated = await generateSigningKey();
    served = jwksOf(old);
    const verify = verifierFor({ jwksUrl: url, cooldownMs: 0 });
    expect((await verify(...(await record(old)))).ok).toBe(true);
    expect((await verify(...(await record(old)))).ok).toBe(true);
    expect(fetches).toBe(1);

    served = jwksOf(rotated, [old.publicJwk]);
    expect(await verify(...(await record(rotated)))).toEqual({ ok: true, kid: rotated.kid });
    expect(fetches).toBe(2);
    expect((await verify(...(await record(old)))).ok).toBe(true);
    expect(fetches).toBe(2);
  });

  it('refuses plain http beyond loopback unless allowHttp is set', () => {
    expect(() => verifierFor({ jwksUrl: 'http://vigil-api.internal/.well-known/jwks.json' })).toThrow(/https/);
    expect(() => verifierFor({ jwksUrl: 'http://vigil-api.internal/.well-known/jwks.json', allowHttp: true })).not.toThrow();
  });
});
