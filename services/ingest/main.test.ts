import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '@vigil/core';
import { createRuntime } from '@vigil/runtime';
import { silentLogger } from '@vigil/telemetry';
import { startIngest } from './main.js';

describe('startIngest', () => {
  it('refuses to start with invalid source settings, listing every problem', async () => {
    const rt = await createRuntime(loadSettings({ env: {}, overrides: { sources: { otlp: { encoding: 'xml' }, caep: { issuers: [{ issuer: 'x' }] } } } }), {
      logger: silentLogger(),
    });
    try {
      await expect(startIngest(rt)).rejects.toThrow(ConfigError);
      const err = (await startIngest(rt).catch((e: unknown) => e)) as ConfigError;
      expect(err.problems.join('\n')).toMatch(/sources\.otlp\.encoding/);
      expect(err.problems.join('\n')).toMatch(/sources\.caep\.issuers/);
    } finally {
      await rt.close();
    }
  });
});
