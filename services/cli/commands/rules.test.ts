// `vigil rules validate` and `vigil rules test` as rule authors run them.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const RULES = fileURLToPath(new URL('../../../rules/', import.meta.url));
const vigil = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('vigil rules', () => {
  it('validates the shipped rules and runs their cases', () => {
    expect(vigil('rules', 'validate', RULES)).toMatchObject({ status: 0, stdout: expect.stringMatching(/11 rules valid/) });
    const test = vigil('rules', 'test', RULES);
    expect(test.status).toBe(0);
    expect(test.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  }, 60_000);

  it('lists every problem with file, JSON path and a sentence, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: 'a', version: '1', name: 'a', kind: 'aggregate', severity: 'loud', select: { types: ['x.y'] } }));
    writeFileSync(join(dir, 'b.json'), '{ not json');
    const r = vigil('rules', 'validate', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/a\.json at severity: /);
    expect(r.stderr).toMatch(/a\.json at key: /);
    expect(r.stderr).toMatch(/b\.json: is not valid JSON/);
  }, 60_000);

  it('fails the run when a case fails, naming expected and actual decisions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    cpSync(RULES, dir, { recursive: true });
    const rule = readJson(join(dir, 'r1-brute-force.json')) as { when: { all: { value: number }[] } };
    rule.when.all[0]!.value = 6;
    writeFileSync(join(dir, 'r1-brute-force.json'), JSON.stringify(rule));
    const r = vigil('rules', 'test', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+r1-brute-force\s+five failures in five minutes step the user up\s+expected \[step_up user:dana@acme\.example\] got \[\]/);
  }, 60_000);
});

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
