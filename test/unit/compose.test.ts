// docker-compose.yml cannot run here (no Docker engine): keep it correct by reading it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS_ENV } from '@vigil/core';
import { createSyncVerifier, jwksOf, loadSigningKey, signDetached } from '@vigil/signing';

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      command?: string[];
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition?: string }>;
      ports?: string[];
      volumes?: string[];
    }
  >;
  volumes?: Record<string, unknown>;
};

/** Every Vigil service signs (correlator, decision API overrides) or verifies (decision API, correlator reload). */
const VIGIL_SERVICES = ['ingest', 'correlator', 'decision-api', 'outputs'] as const;
const KEY_PATH = '/keys/signing.pem';

describe('docker-compose.yml', () => {
  it('runs Kafka in KRaft mode with a controller quorum and no ZooKeeper', () => {
    const kafka = compose.services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.environment?.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(/^1@kafka:\d+$/);
    expect(Object.keys(compose.services)).not.toContain('zookeeper');
  });

  it('starts every Vigil service with --only and points it at kafka and redis', () => {
    for (const [name, only] of [
      ['ingest', 'ingest'],
      ['correlator', 'correlator'],
      ['decision-api', 'api'],
      ['outputs', 'outputs'],
    ] as const) {
      const s = compose.services[name]!;
      expect(s.command).toEqual(['npx', 'vigil', 'start', '--only', only]);
      expect(s.environment?.VIGIL_KAFKA_BROKERS).toBe('kafka:9092');
      expect(s.environment?.VIGIL_REDIS_URL).toBe('redis://redis:6379');
      expect(Object.keys(s.depends_on ?? {})).toContain('kafka');
    }
    expect(compose.services['decision-api']!.ports).toContain('8080:8080');
  });

  it('uses only environment variables Vigil knows', () => {
    for (const s of Object.values(compose.services)) {
      for (const key of Object.keys(s.environment ?? {}).filter((k) => k.startsWith('VIGIL_'))) expect(SETTINGS_ENV).toHaveProperty(key);
    }
  });

  it('gives every Vigil service the same signing key, generated once before any of them starts', () => {
    const keygen = compose.services.keygen!;
    expect(keygen.volumes).toContain('vigil-keys:/keys');
    expect(compose.volumes).toHaveProperty('vigil-keys');
    for (const name of VIGIL_SERVICES) {
      const s = compose.services[name]!;
      expect(s.environment?.VIGIL_SIGNING_KEY, name).toBe(KEY_PATH);
      expect(s.volumes, name).toContain('vigil-keys:/keys:ro');
      expect(s.depends_on?.keygen?.condition, name).toBe('service_completed_successfully');
      expect(s.depends_on?.install?.condition, name).toBe('service_completed_successfully');
      expect(s.depends_on?.kafka?.condition, name).toBe('service_healthy');
      // createRuntime connects Redis at start whenever VIGIL_REDIS_URL is set.
      expect(s.depends_on?.redis?.condition, name).toBe('service_healthy');
      expect(s.environment?.VIGIL_TRUSTED_KEYS, name).toBeUndefined();
    }
  });

  it("keygen's command writes an Ed25519 key that Vigil loads, and keeps an existing one", async () => {
    const [bin, flag, script] = compose.services.keygen!.command!;
    expect([bin, flag]).toEqual(['node', '-e']);
    expect(script).toContain(KEY_PATH);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-keygen-'));
    try {
      const file = join(dir, 'signing.pem');
      const run = (): void => void execFileSync(process.execPath, ['-e', script!.replace(KEY_PATH, file)]);
      run();
      const first = readFileSync(file, 'utf8');
      run();
      expect(readFileSync(file, 'utf8')).toBe(first);
      // Two services loading the path get the same key: one signs, the other verifies.
      const signer = await loadSigningKey(file);
      const verifier = await loadSigningKey(file);
      expect(signer.ephemeral).toBe(false);
      expect(verifier.kid).toBe(signer.kid);
      const value = Buffer.from('{"subject":"user:alice@acme.example"}');
      const signature = await signDetached(value, signer);
      expect(createSyncVerifier(jwksOf(verifier, []))(value, signature)).toMatchObject({ ok: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
