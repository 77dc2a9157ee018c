import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadSettings } from './settings.js';

describe('settings', () => {
  it('defaults to the embedded mode', () => {
    const s = loadSettings({ env: {} });
    expect(s).toMatchObject({ httpPort: 8080, rulesDir: 'rules', logLevel: 'info' });
    expect(s.kafkaBrokers).toBeUndefined();
    expect(s.redisUrl).toBeUndefined();
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('reads VIGIL_* variables', () => {
    const s = loadSettings({ env: { VIGIL_KAFKA_BROKERS: 'a:9092, b:9092', VIGIL_HTTP_PORT: '9000', VIGIL_REDIS_URL: 'redis://127.0.0.1:6379' } });
    expect(s.kafkaBrokers).toEqual(['a:9092', 'b:9092']);
    expect(s.httpPort).toBe(9000);
  });

  it('takes a Kafka session timeout within what brokers allow, 30 s unless set', () => {
    expect(loadSettings({ env: {} }).kafkaSessionTimeoutMs).toBe(30_000);
    expect(loadSettings({ env: { VIGIL_KAFKA_SESSION_TIMEOUT_MS: '6000' } }).kafkaSessionTimeoutMs).toBe(6000);
    for (const bad of ['5999', '300001', 'soon'])
      expect(() => loadSettings({ env: { VIGIL_KAFKA_SESSION_TIMEOUT_MS: bad } }), bad).toThrow(/kafkaSessionTimeoutMs/);
  });

  it('reports every problem at once', () => {
    try {
      loadSettings({ env: { VIGIL_HTTP_PORT: 'eighty', VIGIL_LOG_LEVEL: 'loud', VIGIL_REDIS_URL: 'http://x' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/httpPort/);
      expect(problems.join('\n')).toMatch(/logLevel/);
      expect(problems.join('\n')).toMatch(/redisUrl/);
    }
  });
});
