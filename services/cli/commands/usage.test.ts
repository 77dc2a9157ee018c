// The `vigil` command called wrongly, as users do: --help on a subcommand, a mistyped option, a missing
// input file, a rules folder that is not there. Each gets one plain line (and the usage) and exit 2 or 1,
// never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLE = join(ROOT, 'examples/demo/okta.ndjson');
const vigil = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('vigil usage errors', () => {
  it('answers --help on a subcommand with the usage, exit 0', () => {
    for (const args of [
      ['replay', '--help'],
      ['demo', '--help'],
      ['rules', 'validate', '-h'],
    ]) {
      const r = vigil(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^usage: vigil <command>/);
      expect(r.stdout).toContain('[--max-decisions 50] [--json]');
    }
  }, 60_000);

  it('names a mistyped option in one line with the usage, exit 2', () => {
    const r = vigil('replay', SAMPLE, '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^vigil replay: Unknown option '--bogus'/);
    expect(r.stderr).toContain('usage: vigil <command>');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('replay: a missing input file or a --max-decisions that is not a number is a usage error', () => {
    const missing = vigil('replay', 'no-such-file.ndjson');
    expect(missing).toMatchObject({ status: 2, stderr: 'vigil replay: no such file no-such-file.ndjson\n' });
    expect(vigil('replay', 'rules')).toMatchObject({ status: 2, stderr: 'vigil replay: rules is not a file\n' });
    const max = vigil('replay', SAMPLE, '--source', 'okta', '--max-decisions', 'ten');
    expect(max).toMatchObject({ status: 2, stderr: 'vigil replay: --max-decisions takes a whole number, not "ten"\n' });
  }, 60_000);

  it('names a missing rules folder once', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigil-usage-')), 'no-rules');
    for (const args of [
      ['rules', 'validate', dir],
      ['rules', 'test', dir],
      ['replay', SAMPLE, '--rules', dir],
    ]) {
      const r = vigil(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(`1 problem in ${dir}:\n  ${dir}: rules folder does not exist\n`);
    }
  }, 60_000);
});
