// `vigil demo` (what `npm start` runs) as a real process: it prints the step-up decision for the sample
// brute-force user, the check endpoint answers 401 + X-Vigil-Action: step_up, and Ctrl-C stops it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';

const BIN = fileURLToPath(new URL('../../services/cli/bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('vigil demo', () => {
  it('prints the decision, serves the check endpoint and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, VIGIL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /STEP_UP user:jordan\.lee@acme\.example\s+r1-brute-force/.test(out), { timeoutMs: 30_000, message: `demo output:\n${out}\n${err}` });
      const base = /Decision API: (http:\/\/\S+)/.exec(out)?.[1];
      expect(base).toBeDefined();
      const res = await fetch(`${base}/v1/check?user=jordan.lee@acme.example`);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-vigil-action')).toBe('step_up');
      expect((await fetch(`${base}/v1/check?user=priya.shah@acme.example`)).status).toBe(200);
      expect(out).toMatch(/Vigil demo: embedded memory bus, memory store/);
      // The operator token is shown to the person at the terminal, never written to the (shipped) logs.
      const token = /Operator token for this run: (vgl_\S+)/.exec(out)?.[1];
      expect(token).toBeDefined();
      expect(err).not.toContain(token!);
      expect(err).toMatch(/generated an operator token for this run/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGINT: stopping/);
  });
});
