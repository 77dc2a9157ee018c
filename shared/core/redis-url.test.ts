import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadSettings } from './settings.js';
import { parseRedisUrl, redactRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('hands a single-server URL to ioredis unchanged', () => {
    expect(parseRedisUrl('rediss://user:pw@redis.acme.example:6380/2')).toEqual({ kind: 'single', url: 'rediss://user:pw@redis.acme.example:6380/2' });
  });

  it('reads cluster seed nodes, default port and TLS', () => {
    expect(parseRedisUrl('redis+cluster://10.0.0.1:7000, 10.0.0.2:7001,redis-3.acme.example')).toEqual({
      kind: 'cluster',
      tls: false,
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'redis-3.acme.example', port: 6379 },
      ],
    });
    expect(parseRedisUrl('rediss+cluster://[::1]:7000/')).toMatchObject({ tls: true, nodes: [{ host: '::1', port: 7000 }] });
  });

  it('decodes credentials given once for every node', () => {
    expect(parseRedisUrl('redis+cluster://vigil:p%40ss%3Aw@a:7000,b:7001')).toMatchObject({
      username: 'vigil',
      password: 'p@ss:w',
      nodes: [{ host: 'a' }, { host: 'b' }],
    });
    const passwordOnly = parseRedisUrl('redis+cluster://:secret@a:7000');
    expect(passwordOnly).toMatchObject({ password: 'secret' });
    expect(passwordOnly).not.toHaveProperty('username');
  });

  it('rejects malformed cluster URLs without echoing the password', () => {
    for (const bad of [
      'redis+cluster://',
      'redis+cluster://a:7000,,b:7001',
      'redis+cluster://a:7000/0',
      'redis+cluster://a:port',
      'redis+cluster://u:hunter2@a:7000?db=1',
    ]) {
      let caught: unknown;
      try {
        parseRedisUrl(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).not.toContain('hunter2');
    }
  });

  it('masks credentials for errors and logs, and leaves a URL without them alone', () => {
    expect(redactRedisUrl('redis://vigil:hunter2@r.acme.example:6380/2')).toBe('redis://***@r.acme.example:6380/2');
    expect(redactRedisUrl('rediss+cluster://u:p@ss@a:7000,b:7001')).toBe('rediss+cluster://***@a:7000,b:7001');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('agrees with the settings schema on what VIGIL_REDIS_URL accepts', () => {
    const accepted = ['redis://127.0.0.1:6379', 'rediss://r.acme.example', 'redis+cluster://a:7000,b:7001', 'rediss+cluster://u:p@a:7000'];
    for (const url of accepted) {
      expect(loadSettings({ env: { VIGIL_REDIS_URL: url } }).redisUrl).toBe(url);
      expect(() => parseRedisUrl(url)).not.toThrow();
    }
    for (const url of ['http://x', 'redis+cluster://', 'redis+cluster://a:7000/0', 'redis+cluster://a:port', 'redis://']) {
      expect(() => loadSettings({ env: { VIGIL_REDIS_URL: url } }), url).toThrow(/redisUrl/);
    }
  });
});
