// `vigil start` checks the whole config before connecting anything and lists every problem at once.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@vigil/core';
import { preflight } from './start-preflight.js';
import { SERVICE_NAMES } from './services.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemsOf(run: Promise<unknown>): Promise<readonly string[]> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).problems;
}

describe('vigil start preflight', () => {
  it('lists every problem of every service in one ConfigError, env settings named by their VIGIL_ variable', async () => {
    const rules = join(dir, 'bad-rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'broken.json'), '{ not json');
    const config = join(dir, 'vigil.yaml');
    writeFileSync(
      config,
      [
        'topics:',
        '  signalz: acme.signals',
        '  decisions: acme.decisions',
        'sources:',
        '  otlp: { encoding: xml }',
        '  caep:',
        '    issuers:',
        `      - { issuer: "https://idp.acme.example", audience: "vigil", jwksFile: "${join(dir, 'no-such-jwks.json')}" }`,
        'colour: blue',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(
      preflight(SERVICE_NAMES, {
        file: config,
        env: {
          VIGIL_HTTP_PORT: '99999',
          VIGIL_LOG_LEVEL: 'loud',
          VIGIL_SIGNING_KEY: join(dir, 'missing.pem'),
          VIGIL_TRUSTED_KEYS: '{"keys": [{"kty": "RSA"}]}',
          VIGIL_API_TOKENS: 'root:short',
          VIGIL_OUTPUTS: 'nope://x',
          VIGIL_RULES_DIR: rules,
          VIGIL_SOURCES: 'okta,oktaa',
          // Never contacted: the preflight fails before any connection is made.
          VIGIL_REDIS_URL: 'redis://127.0.0.1:1',
          VIGIL_KAFKA_BROKERS: '127.0.0.1:1',
        },
      }),
    );
    const expected = [
      /^VIGIL_HTTP_PORT: /,
      /^VIGIL_LOG_LEVEL: /,
      /vigil\.yaml: unknown setting "colour"/,
      /^topics\.signalz: unknown topic/,
      /^VIGIL_SIGNING_KEY: no such file .*missing\.pem$/,
      /^VIGIL_TRUSTED_KEYS keys\[0\]: /,
      /^VIGIL_API_TOKENS entry 1: role must be one of/,
      /^VIGIL_OUTPUTS\[0\] nope:\/\/x: unknown sink/,
      /^VIGIL_RULES_DIR .*bad-rules: broken\.json/,
      /^VIGIL_SOURCES: unknown source "oktaa"/,
      /^sources\.otlp\.encoding: /,
      /^sources\.caep\.issuers\[0\]\.jwksFile: cannot read .*no-such-jwks\.json/,
    ];
    for (const re of expected)
      expect(
        problems.some((p) => re.test(p)),
        `${re} in\n${problems.join('\n')}`,
      ).toBe(true);
    expect(problems).toHaveLength(expected.length);
  });

  it('checks only what the selected services use', async () => {
    const env = { VIGIL_API_TOKENS: 'root:short', VIGIL_OUTPUTS: 'nope://x', VIGIL_RULES_DIR: join(dir, 'no-such-rules') };
    expect(await problemsOf(preflight(['api'], { env }))).toEqual([expect.stringMatching(/^VIGIL_API_TOKENS /)]);
    expect(await problemsOf(preflight(['outputs'], { env }))).toEqual([expect.stringMatching(/^VIGIL_OUTPUTS\[0\] /)]);
    expect(await problemsOf(preflight(['correlator'], { env }))).toEqual([
      expect.stringMatching(/^VIGIL_RULES_DIR .*no-such-rules: rules folder does not exist$/),
    ]);
  });

  it('names a setting from the config file by the file and key, and by its variable when the env sets it', async () => {
    const config = join(dir, 'paths.yaml');
    writeFileSync(config, `rulesDir: ${join(dir, 'no-rules')}\nsigningKey: ${join(dir, 'no-key.pem')}\n`);
    expect(await problemsOf(preflight(['correlator'], { env: {}, file: config }))).toEqual([
      `${config}: signingKey: no such file ${join(dir, 'no-key.pem')}`,
      `${config}: rulesDir ${join(dir, 'no-rules')}: rules folder does not exist`,
    ]);
    const env = { VIGIL_RULES_DIR: join(dir, 'other-rules') };
    expect(await problemsOf(preflight(['correlator'], { env, file: config }))).toContain(
      `VIGIL_RULES_DIR ${join(dir, 'other-rules')}: rules folder does not exist`,
    );
  });

  it('passes a valid config through with the signing key loaded once', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = join(dir, 'signing.pem');
    writeFileSync(pem, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const { settings, signingKey } = await preflight(SERVICE_NAMES, { env: { VIGIL_SIGNING_KEY: pem, VIGIL_HTTP_PORT: '9090' } });
    expect(settings.httpPort).toBe(9090);
    expect(signingKey?.ephemeral).toBe(false);
    expect((await preflight(['api'], { env: {} })).signingKey).toBeUndefined();
  });

  it('hands each selected service what its prepare step read, for the start', async () => {
    const env = { VIGIL_API_TOKENS: `operator:${'o'.repeat(32)}`, VIGIL_OUTPUTS: 'console:' };
    const { prepared } = await preflight(SERVICE_NAMES, { env });
    expect(prepared.api?.tokens).toHaveLength(1);
    expect(prepared.api?.tokens[0]?.role).toBe('operator');
    expect(prepared.correlator?.ruleSet.rules.length).toBeGreaterThan(5);
    expect(prepared.outputs).toMatchObject({ defaulted: false, sinks: [expect.objectContaining({ name: 'console' })] });
    expect(prepared.ingest?.aliases).toBeDefined();
    expect(Object.keys((await preflight(['api'], { env })).prepared)).toEqual(['api']);
  });
});
