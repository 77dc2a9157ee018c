// `vigil start` as a real process: `--only api` on the embedded default serves the check endpoint and
// stops cleanly on SIGTERM; a bad `--only` or a bad config exits non-zero with every problem said.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';

const BIN = fileURLToPath(new URL('../../services/cli/bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPERATOR = 'operator:start-e2e-operator-token';

function vigil(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, io, exited };
}

/** The port the decision API logged it listens on (pino JSON lines on stderr). */
function listeningPort(out: string): number | undefined {
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const rec = JSON.parse(line) as { msg?: string; port?: number };
    if (rec.msg === 'decision API listening') return rec.port;
  }
  return undefined;
}

describe('vigil start', () => {
  it('--only api serves /healthz and /v1/check on the embedded default and exits 0 on SIGTERM', async () => {
    const { child, io, exited } = vigil(['start', '--only', 'api'], { VIGIL_HTTP_PORT: '0', VIGIL_LOG_LEVEL: 'info', VIGIL_API_TOKENS: OPERATOR });
    try {
      const port = await waitFor(() => listeningPort(io.err), { timeoutMs: 30_000 }).catch((err: unknown) => {
        throw new Error(`no "decision API listening" line; vigil start said:\n${io.out}\n${io.err}`, { cause: err });
      });
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/v1/check?user=dana@acme.example`)).status).toBe(200);
      // An override through the admin API turns the same check into a block: the API really runs.
      const created = await fetch(`${base}/v1/overrides`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OPERATOR.slice('operator:'.length)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: 'user:dana@acme.example', action: 'block', ttl: '15m', reason: 'start e2e' }),
      });
      expect(created.status).toBeLessThan(300);
      await waitFor(async () => (await fetch(`${base}/v1/check?user=dana@acme.example`)).status === 403);
      expect(io.err).toMatch(/"services":\["api"\],"bus":"memory","store":"memory","msg":"vigil started"/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(io.err).toMatch(/"msg":"vigil stopping"/);
  });

  it('--only nonsense exits 2 naming the unknown service and the valid ones', async () => {
    const { io, exited } = vigil(['start', '--only', 'api,nonsense']);
    expect(await exited).toEqual({ code: 2, signal: null });
    expect(io.err).toContain('--only: unknown service nonsense (choose from ingest, correlator, api, outputs)');
    expect(io.err).not.toMatch(/\bat .*\.ts:\d+/); // a message, not a stack trace
  });

  it('a config with several problems exits 2 listing all of them, before connecting to Redis', async () => {
    const { io, exited } = vigil(['start'], {
      VIGIL_HTTP_PORT: '99999',
      VIGIL_SIGNING_KEY: '/nonexistent/signing.pem',
      VIGIL_API_TOKENS: 'root:too-short',
      VIGIL_OUTPUTS: 'nope://x',
      VIGIL_REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(await exited).toEqual({ code: 2, signal: null });
    for (const text of [
      'VIGIL_HTTP_PORT: ',
      'VIGIL_SIGNING_KEY: no such file /nonexistent/signing.pem',
      'VIGIL_API_TOKENS entry 1',
      'VIGIL_OUTPUTS[0] nope://x',
    ])
      expect(io.err).toContain(text);
    expect(io.err).not.toContain('too-short');
    expect(io.err + io.out).not.toMatch(/ECONNREFUSED|redis connection error/);
  });
});
