// A service pointed at a Kafka that does not answer fails loudly: a clear one-line reason naming the
// brokers and VIGIL_KAFKA_BROKERS, and a non-zero exit after its bounded retries (no hang).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A port that was free a moment ago and now has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...clean, VIGIL_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

describe('Kafka unreachable', () => {
  // The default kafkajs retry budget (8 retries, backoff capped at 10 s) ends within tens of seconds; the timeout is a hang guard.
  it('standalone ingest and `vigil start --only correlator` exit 1 with a clear reason', { timeout: 150_000 }, async () => {
    const port = await closedPort();
    const brokers = `127.0.0.1:${port}`;
    const [ingest, correlator] = await Promise.all([
      run(['--import', 'tsx', 'services/ingest/main.ts'], { VIGIL_KAFKA_BROKERS: brokers }),
      run(['services/cli/bin/vigil.js', 'start', '--only', 'correlator'], { VIGIL_KAFKA_BROKERS: brokers }),
    ]);
    const reason = `Kafka is not reachable at ${brokers} (VIGIL_KAFKA_BROKERS); gave up after 8 retries: `;
    expect(ingest).toMatchObject({ code: 1, signal: null });
    expect(ingest.stderr).toContain(`vigil ingest: VIGIL_ERR_BUS: ${reason}`);
    expect(ingest.stderr).toMatch(/ECONNREFUSED/);
    expect(correlator).toMatchObject({ code: 1, signal: null });
    expect(correlator.stderr).toContain(`vigil: VIGIL_ERR_BUS: `);
    expect(correlator.stderr).toContain(reason);
    // One clear line, not an unhandled-rejection dump.
    for (const r of [ingest, correlator]) expect(r.stderr).not.toMatch(/KafkaJSNonRetriableError|node:internal/);
  });
});
