// The syslog sink against a real receiver: a private rsyslogd (Debian's package, TLS through rsyslog-gnutls)
// with imtcp plain and TLS listeners and imudp, writing each message as received into a file the test reads.
// The TLS certificates come from a throwaway CA made with openssl. Acceptance: rsyslog receives CEF over TLS.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { alertTopicValue, encodeCef, parseCef, startOutputs, type OutputsService } from '@vigil/outputs';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { AlertSchema, DeadLetterSchema, TOPICS, type Alert } from '@vigil/schemas';
import { silentLogger } from '@vigil/telemetry';
import { waitFor } from '../helpers/wait-for.js';

const RSYSLOGD = process.env.VIGIL_TEST_RSYSLOGD ?? '/usr/sbin/rsyslogd';
const FIXTURES = new URL('../../services/outputs/formats/fixtures/', import.meta.url);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A CA and a server certificate for 127.0.0.1 / localhost, valid for two days. */
function makeCertificates(dir: string): void {
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Vigil e2e CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
}

interface Rsyslog {
  dir: string;
  ports: { tcp: number; tls: number; udp: number };
  lines(input: 'tcp' | 'tls' | 'udp'): string[];
  stop(): Promise<void>;
}

async function startRsyslog(): Promise<Rsyslog> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rsyslog-'));
  makeCertificates(dir);
  const ports = { tcp: await freePort(), tls: await freePort(), udp: await freePort() };
  const file = (input: string): string => join(dir, `${input}.log`);
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}" maxMessageSize="64k"
  DefaultNetstreamDriverCAFile="${dir}/ca.pem" DefaultNetstreamDriverCertFile="${dir}/server.pem" DefaultNetstreamDriverKeyFile="${dir}/server.key")
module(load="imtcp")
module(load="imudp")
template(name="asReceived" type="string" string="%rawmsg%\\n")
ruleset(name="tcp") { action(type="omfile" file="${file('tcp')}" template="asReceived") }
ruleset(name="tls") { action(type="omfile" file="${file('tls')}" template="asReceived") }
ruleset(name="udp") { action(type="omfile" file="${file('udp')}" template="asReceived") }
input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="tcp")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}" ruleset="tls" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imudp" address="127.0.0.1" port="${ports.udp}" ruleset="udp")
`,
  );
  const child: ChildProcess = spawn(RSYSLOGD, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = (input: 'tcp' | 'tls' | 'udp'): string[] => (existsSync(file(input)) ? readFileSync(file(input), 'utf8').split('\n').filter(Boolean) : []);
  for (const port of [ports.tcp, ports.tls]) {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`rsyslogd exited ${child.exitCode}: ${output}`);
        return new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1', () => resolve(Boolean(s.end())));
          s.on('error', () => resolve(false));
        });
      },
      { timeoutMs: 15_000, message: `rsyslogd listening on ${port}` },
    );
  }
  // UDP has no handshake: probe until a datagram shows up in the file.
  const probe = dgram.createSocket('udp4');
  await waitFor(
    async () => {
      await new Promise<void>((resolve) => probe.send('<14>1 - probe - - - - ready', ports.udp, '127.0.0.1', () => resolve()));
      return lines('udp').length > 0;
    },
    { timeoutMs: 15_000, intervalMs: 100, message: 'rsyslogd UDP input' },
  );
  probe.close();
  return {
    dir,
    ports,
    lines,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function fixtureAlerts(): Alert[] {
  return ['alert-block-agent-endpoint', 'alert-override-kill-switch', 'alert-shadow-retrieval', 'alert-step-up-auth-failures'].map((n) =>
    AlertSchema.parse(JSON.parse(readFileSync(new URL(`${n}.json`, FIXTURES), 'utf8'))),
  );
}

/** The fixtures under fresh ids, plus one alert full of what CEF must escape. */
function alertsFor(tag: string): Alert[] {
  const alerts = fixtureAlerts().map((a, i) => ({ ...a, id: `alr_${tag}_${i}` }));
  const hostile = structuredClone(alerts[0]!);
  hostile.id = `alr_${tag}_hostile`;
  hostile.title = 'pipe | equals = backslash \\ newline\nend — ünïcödé 漢字 🚨';
  // No tab: CEF does not escape it, and rsyslog (by default) rewrites control characters as #011.
  hostile.decision.reason = 'a=b|c\\d\r\ne f "quoted" ]bracket[ <angle> ẞ';
  return [...alerts, hostile];
}

const cefPart = (line: string): string => line.slice(line.indexOf('CEF:0|'));

describe('syslog sink → rsyslog (TCP, TLS, UDP)', () => {
  let rsyslog: Rsyslog;
  let rt: Runtime | undefined;
  let service: OutputsService | undefined;

  beforeAll(async () => {
    rsyslog = await startRsyslog();
  });

  afterEach(async () => {
    await service?.stop();
    await rt?.close();
    service = rt = undefined;
  });

  afterAll(async () => {
    await rsyslog?.stop();
  });

  async function deliver(outputs: string, alerts: Alert[]): Promise<MemoryBus> {
    const bus = new MemoryBus({ retryInitialMs: 5, retryMaxMs: 50 });
    rt = await createRuntime(loadSettings({ env: {}, overrides: { outputs, logLevel: 'silent' } }), { bus, logger: silentLogger() });
    service = await startOutputs(rt, { env: {} });
    await bus.publish(alerts.map((a) => ({ topic: TOPICS.alerts, key: a.decision.subject, value: alertTopicValue(a) })));
    return bus;
  }

  function expectCefLines(lines: string[], alerts: Alert[]): void {
    const byId = new Map(lines.map((l) => [parseCef(cefPart(l)).extension.externalId, l]));
    for (const a of alerts) {
      const line = byId.get(a.id);
      expect(line, a.id).toBeDefined();
      // RFC 5424 header as written, then the CEF line byte for byte (escapes survive the trip).
      expect(line!).toMatch(/^<1[6-9]\d>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ vigil \d+ alert - CEF:0\|Vigil\|Vigil\|/);
      expect(cefPart(line!)).toBe(encodeCef(a));
      expect(parseCef(cefPart(line!))).toEqual(parseCef(encodeCef(a)));
    }
  }

  it('receives CEF over TLS, the certificate verified against the CA from ca_file', async () => {
    const alerts = alertsFor('tls');
    await deliver(`syslog+tls://127.0.0.1:${rsyslog.ports.tls}?ca_file=${join(rsyslog.dir, 'ca.pem')}`, alerts);
    await waitFor(() => rsyslog.lines('tls').filter((l) => l.includes('externalId=alr_tls_')).length >= alerts.length, { message: 'CEF over TLS in rsyslog' });
    expectCefLines(rsyslog.lines('tls'), alerts);
    const hostile = parseCef(cefPart(rsyslog.lines('tls').find((l) => l.includes('externalId=alr_tls_hostile'))!));
    expect(hostile.extension.msg).toContain('a=b|c\\d\r\ne f "quoted" ]bracket[ <angle> ẞ');
    expect(hostile.name).toContain('ünïcödé 漢字 🚨');
  });

  it('receives CEF over TCP with octet counting', async () => {
    const alerts = alertsFor('tcp');
    await deliver(`syslog+tcp://127.0.0.1:${rsyslog.ports.tcp}?format=cef`, alerts);
    await waitFor(() => rsyslog.lines('tcp').filter((l) => l.includes('externalId=alr_tcp_')).length >= alerts.length, { message: 'CEF over TCP in rsyslog' });
    expectCefLines(rsyslog.lines('tcp'), alerts);
  });

  it('receives JSON alerts over UDP', async () => {
    const alerts = alertsFor('udp');
    await deliver(`syslog+udp://127.0.0.1:${rsyslog.ports.udp}?format=json&facility=authpriv`, alerts);
    const ours = (): string[] => rsyslog.lines('udp').filter((l) => l.includes('"id":"alr_udp_'));
    await waitFor(() => ours().length >= alerts.length, { message: 'JSON over UDP in rsyslog' });
    const got = ours().map((l) => AlertSchema.parse(JSON.parse(l.slice(l.indexOf(' - {') + 3))));
    expect(new Set(got.map((a) => a.id))).toEqual(new Set(alerts.map((a) => a.id)));
    for (const l of ours()) expect(l).toMatch(/^<8\d>1 /); // authpriv = 10 → PRI 80–87
  });

  it('refuses a TLS server its CA does not vouch for (verification is on by default) and dead-letters after the retries', async () => {
    const [alert] = alertsFor('untrusted');
    const bus = await deliver(`syslog+tls://127.0.0.1:${rsyslog.ports.tls}?name=untrusted&retries=1&min_backoff=1ms&max_backoff=2ms`, [alert!]);
    const dead = await waitFor(() => bus.records('vigil.deadletter.untrusted')[0], { message: 'dead-letter of the untrusted delivery' });
    const dl = DeadLetterSchema.parse(JSON.parse(dead.value.toString('utf8')));
    expect(dl.reason).toMatch(/gave up after 2 attempts: syslog\+tls:\/\/127\.0\.0\.1:\d+ connect: .*(certificate|CERT)/i);
    expect(rsyslog.lines('tls').some((l) => l.includes('alr_untrusted'))).toBe(false);
  });
});
