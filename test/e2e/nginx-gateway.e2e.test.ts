// Real nginx (Debian's package, auth_request) with deploy/nginx/vigil-gateway.conf in front of a tiny
// upstream, asking the embedded pipeline's decision API about every request: 200 → brute force from raw
// Okta events → 401 step_up → kill-switch block → 403 → unblock → 200. Asserts order, not time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '@vigil/bus';
import { loadSettings, type Settings } from '@vigil/core';
import { startCorrelator } from '@vigil/correlator';
import { startDecisionApi, type DecisionApi } from '@vigil/decision-api';
import { startIngest } from '@vigil/ingest';
import { createRuntime, type Runtime, type Started } from '@vigil/runtime';
import { MemoryStore } from '@vigil/store';
import { silentLogger } from '@vigil/telemetry';
import { waitFor } from '../helpers/wait-for.js';

const NGINX = process.env.VIGIL_TEST_NGINX ?? '/usr/sbin/nginx';
const CONF = readFileSync(new URL('../../deploy/nginx/vigil-gateway.conf', import.meta.url), 'utf8');
const OPERATOR = 'e2e-operator-token-0123456789';
const SECRET = 'e2e-gateway-secret-0123456789';

/** The shipped config with this test's ports; each line must be there exactly once, so drift fails here. */
function configure(ports: { api: number; app: number; nginx: number }, extra: [string, string][] = []): string {
  let conf = CONF;
  for (const [from, to] of [
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${ports.api};`],
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${ports.app};`],
    ['listen 127.0.0.1:8000;', `listen 127.0.0.1:${ports.nginx};`],
    ...extra,
  ] as const) {
    expect(conf.split(from)).toHaveLength(2);
    conf = conf.replace(from, to);
  }
  return conf;
}

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

interface Nginx {
  port: number;
  stop(): Promise<void>;
}

async function startNginx(ports: { api: number; app: number }, extra: [string, string][] = []): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-nginx-'));
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'temp'));
  const port = await freePort();
  const conf = join(dir, 'vigil-gateway.conf');
  writeFileSync(conf, configure({ ...ports, nginx: port }, extra));
  const errorLog = join(dir, 'logs', 'error.log');
  const child: ChildProcess = spawn(NGINX, ['-p', `${dir}/`, '-e', errorLog, '-c', conf, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = (): string => {
    try {
      return readFileSync(errorLog, 'utf8');
    } catch {
      return '';
    }
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}${log()}`);
      return (await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-vigil-user': 'probe@acme.example' } }).catch(() => undefined)) !== undefined;
    },
    { timeoutMs: 10_000, message: `nginx on ${port}` },
  );
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`upstream saw ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function embeddedRuntime(settings: Partial<Record<keyof Settings, unknown>>): Promise<Runtime> {
  return createRuntime(loadSettings({ env: {}, overrides: { apiTokens: `operator:${OPERATOR}`, logLevel: 'silent', ...settings } }), {
    bus: new MemoryBus(),
    store: new MemoryStore(),
    logger: silentLogger(),
  });
}

function oktaFailure(user: string, i: number): string {
  return JSON.stringify({
    uuid: `nginx-e2e-${i}-${Date.now()}`,
    published: new Date(Date.now() - (10 - i) * 1000).toISOString(),
    eventType: 'user.session.start',
    severity: 'WARN',
    displayMessage: 'User login to Okta',
    actor: { id: '00u1nginxe2e', type: 'User', alternateId: user, displayName: 'Dana Ruiz' },
    client: { ipAddress: '198.51.100.23' },
    outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
    target: [],
  });
}

describe('nginx auth_request in front of an upstream, decided by the embedded pipeline', () => {
  let rt: Runtime;
  let api: DecisionApi;
  let upstream: Server;
  let nginx: Nginx;
  const started: Started[] = [];

  beforeAll(async () => {
    rt = await embeddedRuntime({});
    api = await startDecisionApi(rt, { port: 0 });
    started.push(api, await startCorrelator(rt), await startIngest(rt));
    upstream = await startUpstream();
    nginx = await startNginx({ api: api.port, app: (upstream.address() as AddressInfo).port });
  });

  afterAll(async () => {
    await nginx?.stop();
    for (const s of started.reverse()) await s.stop();
    await rt?.close();
    await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  });

  it('goes 200 → 401 step_up (pipeline) → 403 (override) → 200 (unblock)', async () => {
    const through = (user = 'dana.ruiz@acme.example') =>
      fetch(`http://127.0.0.1:${nginx.port}/reports?q=1`, { headers: { 'x-vigil-user': user, 'x-vigil-agent': 'finance-bot' } });
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${api.port}${path}`, { ...init, headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' } });

    const before = await through();
    expect(before.status).toBe(200);
    expect(await before.text()).toBe('upstream saw /reports?q=1');

    await rt.bus.publish([0, 1, 2, 3, 4, 5].map((i) => ({ topic: rt.topics.rawOkta, key: null, value: oktaFailure('Dana.Ruiz@Acme.example', i) })));
    let seen = '';
    const stepUp = await waitFor(
      async () => {
        const r = await through();
        const direct = await fetch(`http://127.0.0.1:${api.port}/v1/check?user=dana.ruiz@acme.example`);
        seen = `nginx ${r.status}, decision API ${direct.status}, decisions ${api.table.list().length}`;
        return r.status === 401 ? r : undefined;
      },
      { timeoutMs: 30_000, message: 'nginx answers 401 once the pipeline steps the user up' },
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${seen}`);
    });
    expect(stepUp.headers.get('x-vigil-action')).toBe('step_up');
    expect(stepUp.headers.get('x-vigil-decision-id')).toMatch(/^dec_/);
    expect(await stepUp.json()).toMatchObject({ action: 'step_up' });
    expect((await through('priya.shah@acme.example')).status).toBe(200);

    const block = await admin('/v1/overrides', {
      method: 'POST',
      body: JSON.stringify({ subject: 'user:dana.ruiz@acme.example', action: 'block', ttl: '15m', reason: 'e2e kill switch' }),
    });
    expect(block.status).toBe(201);
    const blocked = await through();
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('x-vigil-action')).toBe('block');
    expect(blocked.headers.get('x-vigil-decision-id')).toBe(((await block.json()) as { id: string }).id);

    expect((await admin('/v1/overrides/user:dana.ruiz@acme.example', { method: 'DELETE' })).status).toBe(200);
    const after = await through();
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('upstream saw /reports?q=1');
  });
});

describe('nginx with a gateway secret', () => {
  it('fails closed with 502 when nginx does not send the secret, and passes with it', async () => {
    const rt = await embeddedRuntime({ gatewaySecret: SECRET });
    const api = await startDecisionApi(rt, { port: 0 });
    const upstream = await startUpstream();
    const ports = { api: api.port, app: (upstream.address() as AddressInfo).port };
    const without = await startNginx(ports);
    const withSecret = await startNginx(ports, [
      ['# proxy_set_header X-Vigil-Gateway-Secret "<the same secret>";', `proxy_set_header X-Vigil-Gateway-Secret "${SECRET}";`],
    ]);
    try {
      const get = (n: Nginx) => fetch(`http://127.0.0.1:${n.port}/`, { headers: { 'x-vigil-user': 'dana.ruiz@acme.example' } });
      const denied = await get(without);
      expect(denied.status).toBe(502);
      expect(denied.headers.get('x-vigil-action')).toBeNull();
      expect((await get(withSecret)).status).toBe(200);
    } finally {
      await without.stop();
      await withSecret.stop();
      await api.stop();
      await rt.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
