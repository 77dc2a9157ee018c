// The `vigil` command run as a program (its shebang, as npm start, npx vigil and docker-compose run it)
// gives Node the young-generation size the correlator's figures in docs/performance.md were measured with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../services/cli/bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the vigil command', () => {
  it('runs with --max-semi-space-size=64 when executed through its shebang', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bin-'));
    const seen = join(dir, 'exec-argv.json');
    const preload = join(dir, 'record.cjs');
    // The main thread's flags (the module-loader thread tsx registers has none of its own).
    const record = `require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.execArgv))`;
    writeFileSync(preload, `if (require('node:worker_threads').isMainThread) ${record};\n`);
    // The node the shebang's `env` finds is the one running this test.
    const PATH = [dirname(process.execPath), process.env.PATH].join(delimiter);
    const run = spawnSync(BIN, ['rules', 'validate', 'rules'], {
      cwd: ROOT,
      env: { ...process.env, PATH, NODE_OPTIONS: `--require ${preload}` },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rules valid/);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toContain('--max-semi-space-size=64');
  });
});
