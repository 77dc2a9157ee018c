import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@vigil/core';
import { createAliasMap, loadAliasMap } from './aliases.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-aliases-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const errorOf = (path: string): ConfigError => {
  try {
    loadAliasMap(path);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('alias map file', () => {
  it('loads YAML and joins every spelling of a user and a device to one id', () => {
    const aliases = loadAliasMap(
      file(
        'aliases.yaml',
        [
          'users:',
          '  Alice@Acme.example: ["ACME\\\\alice", "9f0c-entra-object-id"]',
          'devices:',
          '  laptop-carol: [LAPTOP-CAROL.acme.local, mde-4f2a]',
          '',
        ].join('\n'),
      ),
    );
    expect(['alice@acme.example', 'ACME\\alice', 'acme\\ALICE', '9F0C-entra-object-id', ' alice@acme.example '].map(aliases.user)).toEqual(
      Array(5).fill('alice@acme.example'),
    );
    expect(['LAPTOP-CAROL.acme.local', 'mde-4f2a', 'laptop-carol'].map(aliases.device)).toEqual(Array(3).fill('laptop-carol'));
    expect(aliases.user.known('acme\\alice')).toBe(true);
    expect(aliases.user.known('bob@acme.example')).toBe(false);
  });

  it('loads the same map from JSON', () => {
    const aliases = loadAliasMap(
      file('aliases.json', JSON.stringify({ users: { 'bob@acme.example': ['ACME\\bob'] }, devices: { 'srv-1': ['srv-1.corp.example'] } })),
    );
    expect(aliases.user('ACME\\Bob')).toBe('bob@acme.example');
    expect(aliases.device('SRV-1.corp.example')).toBe('srv-1');
  });

  it('resolves unknown spellings by the documented fallbacks', () => {
    const aliases = createAliasMap({ users: { 'carol@acme.example': ['carol'] } });
    // A known short name matches its domain form too; unknown users are lower-cased.
    expect(aliases.user('OTHERDOM\\carol')).toBe('carol@acme.example');
    expect(aliases.user('Dave@Acme.example')).toBe('dave@acme.example');
    // Unknown FQDNs join on their first label; IP addresses stay whole.
    expect(aliases.device('WS-7.acme.local')).toBe('ws-7');
    expect(aliases.device('10.1.2.3')).toBe('10.1.2.3');
    expect(aliases.device.known('ws-7')).toBe(false);
  });

  it('has no aliases without a file', () => {
    expect(loadAliasMap(undefined).user('ACME\\x')).toBe('acme\\x');
  });

  it('rejects a file that is not YAML with a ConfigError naming the file', () => {
    const path = file('broken.yaml', 'users: [unclosed\n');
    const err = errorOf(path);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(`aliases file ${path}`);
  });

  it('rejects a well-formed file of the wrong shape, naming each bad entry', () => {
    const path = file('wrong.yaml', 'users:\n  alice@acme.example: alice\ngroups: {}\n');
    const err = errorOf(path);
    expect(err).toBeInstanceOf(ConfigError);
    const text = err.problems.join('\n');
    expect(text).toContain(`aliases file ${path}`);
    expect(text).toMatch(/users\.alice@acme\.example|alice@acme\.example/);
    expect(text).toMatch(/groups/);
  });

  it('rejects a missing file with a ConfigError', () => {
    expect(errorOf(join(dir, 'nope.yaml')).message).toMatch(/aliases file .*nope\.yaml.*ENOENT|no such file/);
  });
});
