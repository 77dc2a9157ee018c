// The README's configuration table is what operators read: every environment variable the settings take
// must be in it, and it must name none that does not exist.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS_ENV } from './settings.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = README.slice(README.indexOf('## Configuration'), README.indexOf('## Topics'));

describe('README configuration table', () => {
  it('lists exactly the VIGIL_* variables the settings read', () => {
    const documented = new Set([...table.matchAll(/^\| `(VIGIL_[A-Z_]+)`/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(SETTINGS_ENV).sort());
  });
});
