// Real nginx (Debian's package, auth_request) with deploy/nginx/vigil-gateway.conf in front of a tiny
// upstream, asking the embedded pipeline's decision API about every request: 200 → brute force from raw
// Okta events → 401 step_up → kill-switch block → 403 → unblock → 200; 200 → an EDR detection on the
// caller's device (rule r3) → 403 → unblock → 200. Asserts order, not time.
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

/**
 * The shipped config sends no user, agent or device until the operator says where nginx verified them;
 * this test stands for a trusted proxy in front that sets X-Vigil-User / -Agent / -Device.
 */
const TRUSTED_PROXY_SUBJECTS: [string, string][] = [
  ['set $vigil_user "";', 'set $vigil_user $http_x_vigil_user;'],
  ['set $vigil_agent "";', 'set $vigil_agent $http_x_vigil_agent;'],
  ['set $vigil_device "";', 'set $vigil_device $http_x_vigil_device;'],
];

/** A canonical signal as a custom producer (or an EDR connector) puts it on vigil.raw.signals. */
function edrDetection(device: string, severity: number): string {
  return JSON.stringify({
    v: 1,
    id: `nginx-e2e-edr-${Date.now()}`,
    time: new Date().toISOString(),
    type: 'endpoint.detection',
    source: 'crowdstrike',
    severity,
    subjects: { device },
    attributes: { detection_name: 'CredentialDumping' },
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
    nginx = await startNginx({ api: api.port, app: (upstream.address() as AddressInfo).port }, TRUSTED_PROXY_SUBJECTS);
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
    const override = (await block.json()) as { id: string; expires_at: string };
    expect(blocked.headers.get('x-vigil-decision-id')).toBe(override.id);
    expect(blocked.headers.get('x-vigil-expires-at')).toBe(override.expires_at);
    expect(await blocked.json()).toEqual({ action: 'block', decision_id: override.id, expires_at: override.expires_at, reason: 'e2e%20kill%20switch' });

    expect((await admin('/v1/overrides/user:dana.ruiz@acme.example', { method: 'DELETE' })).status).toBe(200);
    const after = await through();
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('upstream saw /reports?q=1');
  });

  it('goes 200 → 403 (pipeline block of the device, rule r3) → 200 (unblock)', async () => {
    const device = 'laptop-nginx-e2e';
    const through = () => fetch(`http://127.0.0.1:${nginx.port}/deploy`, { headers: { 'x-vigil-agent': 'build-bot', 'x-vigil-device': device } });
    expect((await through()).status).toBe(200);

    await rt.bus.publish([{ topic: rt.topics.rawSignals, key: null, value: edrDetection(device, 69) }]);
    await rt.bus.publish([{ topic: rt.topics.rawSignals, key: null, value: edrDetection(device, 90) }]);
    let seen = '';
    const blocked = await waitFor(
      async () => {
        const r = await through();
        seen = `nginx ${r.status}, decisions ${JSON.stringify(api.table.list({ subject: `device:${device}` }).map((d) => d.action))}`;
        return r.status === 403 ? r : undefined;
      },
      { timeoutMs: 30_000, message: 'nginx answers 403 once the pipeline blocks the device' },
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${seen}`);
    });
    const [decision, ...others] = api.table.list({ subject: `device:${device}` });
    expect(others).toEqual([]);
    expect(decision).toMatchObject({ action: 'block', rule: { id: 'r3-compromised-endpoint' } });
    expect(blocked.headers.get('x-vigil-action')).toBe('block');
    expect(blocked.headers.get('x-vigil-decision-id')).toBe(decision!.id);
    expect(blocked.headers.get('x-vigil-expires-at')).toBe(decision!.expires_at);
    expect(await blocked.json()).toEqual({
      action: 'block',
      decision_id: decision!.id,
      expires_at: decision!.expires_at,
      reason: encodeURIComponent(decision!.reason),
    });
    // The agent alone, from another device, is not blocked.
    expect((await fetch(`http://127.0.0.1:${nginx.port}/deploy`, { headers: { 'x-vigil-agent': 'build-bot' } })).status).toBe(200);

    const unblock = await fetch(`http://127.0.0.1:${api.port}/v1/overrides/device:${device}?reason=reimaged`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${OPERATOR}` },
    });
    expect(unblock.status).toBe(200);
    const after = await through();
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('upstream saw /deploy');
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

      // The shipped config sends only the client address: a client's own X-Vigil-User counts for nothing.
      const admin = (path: string, init: RequestInit = {}) =>
        fetch(`http://127.0.0.1:${api.port}${path}`, { ...init, headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' } });
      const override = (subject: string) =>
        admin('/v1/overrides', { method: 'POST', body: JSON.stringify({ subject, action: 'block', ttl: '5m', reason: 'e2e' }) });
      expect((await override('user:dana.ruiz@acme.example')).status).toBe(201);
      expect((await get(withSecret)).status).toBe(200);
      expect((await override('ip:127.0.0.1')).status).toBe(201);
      expect((await get(withSecret)).status).toBe(403);
      expect((await fetch(`http://127.0.0.1:${withSecret.port}/`, { headers: { 'x-vigil-ip': '203.0.113.9' } })).status).toBe(403);
    } finally {
      await without.stop();
      await withSecret.stop();
      await api.stop();
      await rt.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
