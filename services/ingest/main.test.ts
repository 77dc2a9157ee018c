import { describe, expect, it, vi } from 'vitest';
import type { MemoryBus } from '@vigil/bus';
import { DeadLetterSchema } from '@vigil/schemas';
import { ConfigError, loadSettings } from '@vigil/core';
import { createRuntime } from '@vigil/runtime';
import { silentLogger } from '@vigil/telemetry';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareIngest, startIngest } from './main.js';
import { processRecord } from './process.js';
import { caepSource } from './sources/caep/index.js';
import { IDP, issuerKey, NOW, payloadFixture, signSet } from './sources/caep/testing.js';
import { rawRecord, testContext } from './testing/source-harness.js';

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

  it('refuses a CAEP jwksFile it cannot read, as `vigil start` does (node services/ingest/main.ts runs only this)', async () => {
    const missing = '/nonexistent/vigil-caep-keys.json';
    const caep = { issuers: [{ issuer: 'https://idp.example/', jwksFile: missing }] };
    const rt = await createRuntime(loadSettings({ env: {}, overrides: { logLevel: 'silent', sources: { caep } } }), { logger: silentLogger() });
    try {
      const err = (await startIngest(rt).catch((e: unknown) => e)) as ConfigError;
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.problems).toEqual([expect.stringMatching(new RegExp(`^sources\\.caep\\.issuers\\[0\\]\\.jwksFile: cannot read ${missing}`))]);
    } finally {
      await rt.close();
    }
  });

  it('keeps at most VIGIL_MAX_DEADLETTER_BYTES of a rejected record in its dead-letter', async () => {
    const rt = await createRuntime(loadSettings({ env: { VIGIL_MAX_DEADLETTER_BYTES: '2048' }, overrides: { logLevel: 'silent' } }), {
      logger: silentLogger(),
    });
    const ingest = await startIngest(rt);
    try {
      const garbage = `not json ${'x'.repeat(10_000)}`;
      await rt.bus.publish([{ topic: rt.topics.rawOkta, key: null, value: garbage }]);
      const bus = rt.bus as MemoryBus;
      await vi.waitFor(() => expect(bus.records(rt.topics.deadletter)).toHaveLength(1));
      const dl = DeadLetterSchema.parse(JSON.parse(bus.records(rt.topics.deadletter)[0]!.value.toString()));
      expect(Buffer.from(dl.value_b64, 'base64').length).toBe(2048);
      expect(dl).toMatchObject({ truncated: true, value_bytes: garbage.length });
    } finally {
      await ingest.stop();
      await rt.close();
    }
  });

  it('reads a CAEP key file once, in prepareIngest: the records are verified with the key set it built', async () => {
    const key = await issuerKey('EdDSA', 'idp-2026');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-caep-'));
    const jwksFile = join(dir, 'idp.jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [key.publicJwk] }));
    const settings = loadSettings({ env: {}, overrides: { sources: { caep: { issuers: [{ issuer: IDP, jwksFile }] } } } });
    prepareIngest(settings);
    // Gone after the start's check: a record that made the source read the file again would be dead-lettered.
    rmSync(dir, { recursive: true });
    const token = await signSet(payloadFixture('session-revoked.json'), key);
    const ctx = testContext({ settings: settings.sources.caep!, now: () => NOW });
    const out = await processRecord(caepSource, rawRecord(caepSource, token), ctx, { maxRecordBytes: 1 << 20 });
    expect(out.deadletters).toEqual([]);
    expect(out.signals).toHaveLength(1);
  });
});
