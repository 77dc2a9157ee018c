// Settings problems name where each setting came from; unknown topic keys are errors, not dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '@vigil/core';
import { checkSettings } from './check-settings.js';
import { createRuntime } from './runtime.js';
import { resolveTopics } from './topics.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkSettings', () => {
  it('names env problems by VIGIL_ variable and file problems by file and key, without echoing values', () => {
    const file = join(dir, 'vigil.yaml');
    writeFileSync(file, 'httpPort: -1\nredisUrl: http://x\nmaxRecordBytes: 10\nunknownThing: 1\n');
    const { settings, problems } = checkSettings({
      file,
      env: { VIGIL_HTTP_PORT: 'eighty', VIGIL_GATEWAY_SECRET: 'short-secret', VIGIL_KAFKA_BROKERS: 'k:9092' },
    });
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^VIGIL_HTTP_PORT: /),
        'VIGIL_GATEWAY_SECRET: must be at least 16 characters',
        expect.stringMatching(/vigil\.yaml: redisUrl: /),
        expect.stringMatching(/vigil\.yaml: maxRecordBytes: /),
        expect.stringMatching(/vigil\.yaml: unknown setting "unknownThing"/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('short-secret');
    // The valid rest is kept, so the checks after this one still see it.
    expect(settings.kafkaBrokers).toEqual(['k:9092']);
    expect(settings.httpPort).toBe(8080);
  });

  it('agrees with loadSettings on a valid config', () => {
    const env = { VIGIL_HTTP_PORT: '9000', VIGIL_REDIS_URL: 'redis://127.0.0.1:6379', VIGIL_SOURCES: 'okta' };
    expect(checkSettings({ env })).toMatchObject({ settings: loadSettings({ env }), problems: [] });
  });

  it('names a setting by the file and key only where the file set it and the env did not', () => {
    const file = join(dir, 'origin.yaml');
    writeFileSync(file, 'rulesDir: /etc/vigil/rules\nsigningKey: /etc/vigil/key.pem\n');
    const { origin } = checkSettings({ file, env: { VIGIL_SIGNING_KEY: '/run/key.pem' } });
    expect(origin('rulesDir')).toBe(`${file}: rulesDir`);
    expect(origin('signingKey')).toBe('VIGIL_SIGNING_KEY');
    expect(origin('aliasesFile')).toBe('VIGIL_ALIASES_FILE');
  });
});

describe('topics', () => {
  it('applies known overrides and lists misspelt keys', () => {
    const { topics, problems } = resolveTopics({ signals: 'acme.signals', decsions: 'acme.decisions' });
    expect(topics.signals).toBe('acme.signals');
    expect(topics.decisions).toBe('vigil.decisions');
    expect(problems).toEqual([expect.stringMatching(/^topics\.decsions: unknown topic \(choose from .*decisions/)]);
  });

  it('createRuntime refuses a misspelt topic before connecting anything', async () => {
    // Redis on a closed port: a connection attempt would fail differently (and slowly).
    const settings = loadSettings({ env: {}, overrides: { topics: { decsions: 'x' }, redisUrl: 'redis://127.0.0.1:1', logLevel: 'silent' } });
    await expect(createRuntime(settings)).rejects.toThrow(ConfigError);
    await expect(createRuntime(settings)).rejects.toThrow(/topics\.decsions: unknown topic/);
  });

  it('createRuntime checks the signing key before connecting Redis', async () => {
    const settings = loadSettings({ env: {}, overrides: { signingKey: 'not a key', redisUrl: 'redis://127.0.0.1:1', logLevel: 'silent' } });
    await expect(createRuntime(settings)).rejects.toThrow(/VIGIL_SIGNING_KEY: /);
  });
});
