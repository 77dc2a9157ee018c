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
    const where = { all: [{ fact: 'signal', operater: 'equal', value: 1 }] };
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({ id: 'a', version: '1', name: 'a', kind: 'aggregate', severity: 'loud', select: { types: ['x.y'], where } }),
    );
    writeFileSync(join(dir, 'b.json'), '{ not json');
    const r = vigil('rules', 'validate', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'a.json')}: severity: must be one of "info", "low", "medium", "high", "critical", not "loud"\n`);
    expect(r.stderr).toContain(`${join(dir, 'a.json')}: key: is required`);
    expect(r.stderr).toContain(`${join(dir, 'a.json')}: select.where.all[0].operater: unknown key "operater" (did you mean "operator"?)\n`);
    expect(r.stderr).toMatch(/b\.json: is not valid JSON/);
  }, 60_000);

  it('prints warnings for unknown signal types and still exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    cpSync(join(RULES, 'r1-brute-force.json'), join(dir, 'r1.json'));
    const rule = readJson(join(dir, 'r1.json')) as { select: { types: string[] } };
    rule.select.types = ['auth.falure'];
    writeFileSync(join(dir, 'r1.json'), JSON.stringify(rule));
    const r = vigil('rules', 'validate', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 rules valid/);
    expect(r.stderr).toContain(
      `warning: ${join(dir, 'r1.json')}: select.types[0]: signal type "auth.falure" is not one Vigil's sources emit (did you mean "auth.failure"?)`,
    );
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
