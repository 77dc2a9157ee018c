// The Python verification snippet of docs/decisions.md, run as written (python3 + python3-cryptography)
// over records Vigil signed and the edge cases the TypeScript verifiers refuse: the docs stay true.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier, generateSigningKey, jwksOf, signDetached, type SigningKey } from './index.js';

const DOC = readFileSync(new URL('../../docs/decisions.md', import.meta.url), 'utf8');
const SNIPPET = /### Python \(`cryptography`\)[\s\S]*?```python\n([\s\S]*?)```/.exec(DOC)?.[1];

const HARNESS = `
import sys
cases = json.load(sys.stdin)
out = []
for c in cases:
    try:
        verify_decision(base64.b64decode(c["value"]), c["signature"], c["jwks"])
        out.append(True)
    except Exception:
        out.append(False)
print(json.dumps(out))
`;

function signWithHeader(header: unknown, value: Uint8Array, key: SigningKey): string {
  const h = Buffer.from(JSON.stringify(header)).toString('base64url');
  const k = key.privateKey instanceof KeyObject ? key.privateKey : KeyObject.from(key.privateKey as Parameters<typeof KeyObject.from>[0]);
  return `${h}..${sign(null, Buffer.from(`${h}.${Buffer.from(value).toString('base64url')}`), k).toString('base64url')}`;
}

describe('the Python snippet in docs/decisions.md', () => {
  it('accepts what Vigil signs and refuses what the TypeScript verifiers refuse', async () => {
    expect(SNIPPET, 'the ```python block under "### Python (`cryptography`)"').toBeDefined();
    const key = await generateSigningKey();
    const foreign = await generateSigningKey();
    const value = Buffer.from('{"id":"dec_1","action":"block","reason":"ü"}');
    const good = await signDetached(value, key);
    const cases: [Buffer, string][] = [
      [value, good],
      [Buffer.from('{"id":"dec_1","action":"allow","reason":"ü"}'), good],
      [value, await signDetached(value, foreign)],
      [value, signWithHeader({ alg: 'EdDSA', kid: key.kid }, value, foreign)],
      [value, signWithHeader({ alg: 'HS256', kid: key.kid }, value, key)],
      [value, signWithHeader({ alg: 'EdDSA', kid: key.kid, crit: ['b64'], b64: false }, value, key)],
      [value, signWithHeader({ alg: 'EdDSA', kid: key.kid, crit: ['exp'], exp: 1 }, value, key)],
      [value, `${good.split('.')[0]}.${value.toString('base64url')}.${good.split('.')[2]}`],
      [value, 'not-a-jws'],
    ];
    const jwks = jwksOf(key);
    const input = JSON.stringify(cases.map(([v, signature]) => ({ value: v.toString('base64'), signature, jwks })));
    const run = spawnSync('python3', ['-c', `${SNIPPET}\n${HARNESS}`], { input, encoding: 'utf8' });
    expect(run.error, 'python3 with python3-cryptography must be installed (apt-get install -y python3-cryptography)').toBeUndefined();
    expect(run.stderr).toBe('');
    const verify = createVerifier(jwks);
    const expected = await Promise.all(cases.map(async ([v, s]) => (await verify(v, s)).ok));
    expect(expected[0]).toBe(true);
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });
});
