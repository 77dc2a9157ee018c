import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vigil/core';
import { findToken, generateOperatorToken, parseApiTokens } from './tokens.js';

const hex = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('VIGIL_API_TOKENS', () => {
  it('reads clear, hashed and named tokens and keeps only hashes', () => {
    const entries = parseApiTokens(
      ` viewer:view-token-0123456789, operator:sha256:${hex('op-token-0123456789')},admin:root:admin-token-0123456789,gateway:edge-1:sha256:${hex('gw-token-0123456789')}`,
    );
    expect(entries.map((e) => [e.role, e.name])).toEqual([
      ['viewer', undefined],
      ['operator', undefined],
      ['admin', 'root'],
      ['gateway', 'edge-1'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('view-token');
    expect(findToken(entries, 'op-token-0123456789')?.role).toBe('operator');
    expect(findToken(entries, 'gw-token-0123456789')).toMatchObject({ role: 'gateway', fingerprint: hex('gw-token-0123456789').slice(0, 8) });
    expect(findToken(entries, 'op-token-012345678')).toBeUndefined();
  });

  it('lists every bad entry by position and never echoes a token', () => {
    try {
      parseApiTokens(
        'root:secret-token-0123456789,viewer:short,operator:sha256:abc,admin:bad name:long-enough-token-0,viewer:dup-token-0123456789,viewer:dup-token-0123456789,admin:a:b:c:d',
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toEqual([
        expect.stringMatching(/entry 1: role must be one of/),
        expect.stringMatching(/entry 2 \(viewer\): a token needs at least 16/),
        expect.stringMatching(/entry 3 \(operator\): sha256: needs 64 hex/),
        expect.stringMatching(/entry 4 \(admin\): a name is/),
        expect.stringMatching(/entry 6 \(viewer\): the same token is listed twice/),
        expect.stringMatching(/entry 7 \(admin\): expected role:token/),
      ]);
      for (const secret of ['secret-token', 'short', 'long-enough', 'dup-token']) expect(problems.join('\n')).not.toContain(secret);
    }
  });

  it('generates a random operator token for a start without tokens', () => {
    const a = generateOperatorToken();
    const b = generateOperatorToken();
    expect(a.token).toMatch(/^vgl_[\w-]{32}$/);
    expect(a.token).not.toBe(b.token);
    expect(findToken([a.entry], a.token)).toMatchObject({ role: 'operator', name: 'generated' });
  });
});
