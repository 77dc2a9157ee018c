import { describe, expect, it } from 'vitest';
import { createAliasMap } from '../aliases.js';
import { accountName, resolveSubject } from './identity.js';

describe('accountName', () => {
  it('prefers a UPN, else qualifies the name with its domain', () => {
    expect(accountName({ upn: 'Carol@Acme.example', name: 'carol', domain: 'ACME' })).toBe('Carol@Acme.example');
    expect(accountName({ name: 'carol', domain: 'ACME' })).toBe('ACME\\carol');
    expect(accountName({ name: 'ACME\\carol', domain: 'OTHER' })).toBe('ACME\\carol');
    expect(accountName({ name: 'carol' })).toBe('carol');
    expect(accountName({ name: 'carol@acme.example', domain: 'ACME' })).toBe('carol@acme.example');
  });

  it('drops machine accounts and built-in service principals', () => {
    expect(accountName({ name: 'SYSTEM', domain: 'NT AUTHORITY' })).toBeUndefined();
    expect(accountName({ name: 'NT AUTHORITY\\NETWORK SERVICE' })).toBeUndefined();
    expect(accountName({ name: 'WS-FIN-07$', domain: 'ACME' })).toBeUndefined();
    expect(accountName({ name: '  ' })).toBeUndefined();
  });
});

describe('resolveSubject', () => {
  const aliases = createAliasMap({ devices: { 'laptop-carol': ['mde-4f2a', 'entra-1b2c'] } });

  it('takes the first spelling the alias map knows, else the first spelling lower-cased', () => {
    expect(resolveSubject(aliases.device, ['NEW-NAME.acme.local', 'unknown', 'ENTRA-1B2C'])).toBe('laptop-carol');
    expect(resolveSubject(aliases.device, [undefined, 'WS-9', 'mde-zzz'])).toBe('ws-9');
    expect(resolveSubject(aliases.device, [undefined, ' '])).toBeUndefined();
    expect(resolveSubject(aliases.device, ['x'.repeat(300)])).toBeUndefined();
  });
});
