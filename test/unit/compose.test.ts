// docker-compose.yml cannot run here (no Docker engine): keep it correct by reading it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS_ENV } from '@vigil/core';

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { image?: string; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown>; ports?: string[] }
  >;
};

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
});
