// `vigil demo` (npm start) checks its settings as `vigil start` does (docs/configuration.md): every problem
// at once, each named by its VIGIL_* variable, exit 2, before anything is started; a port another process
// holds is one line naming the setting, exit 1.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('vigil demo configuration', () => {
  it('lists every invalid setting by its variable and exits 2', () => {
    const env = { ...process.env, VIGIL_HTTP_PORT: 'eighty', VIGIL_API_TOKENS: 'operator:short', VIGIL_OUTPUTS: 'nope://x' };
    const r = spawnSync(process.execPath, [BIN, 'demo'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^vigil: invalid configuration:\n/);
    expect(r.stderr).toMatch(/^ {2}- VIGIL_HTTP_PORT: /m);
    expect(r.stderr).toMatch(/^ {2}- VIGIL_API_TOKENS entry 1 \(operator\): a token needs at least 16 characters$/m);
    expect(r.stderr).toMatch(/^ {2}- VIGIL_OUTPUTS\[0\] nope:\/\/x: unknown sink nope/m);
  }, 60_000);

  it('refuses a --port that is not a port number, exit 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'demo', '--port', 'eighty'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: 'vigil demo: --port takes a port number, not "eighty"\n' });
  }, 60_000);

  it('names the port when another process holds it, in one line, exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, [BIN, 'demo', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const status = await new Promise<number | null>((r) => child.on('exit', r));
      expect(status).toBe(1);
      const lines = stderr.split('\n').filter((l) => l && !l.startsWith('{'));
      expect(lines).toEqual([`vigil: VIGIL_ERR_CONFIG: VIGIL_HTTP_HOST:VIGIL_HTTP_PORT 127.0.0.1:${port} is already in use by another process`]);
    } finally {
      taken.close();
    }
  }, 60_000);
});
