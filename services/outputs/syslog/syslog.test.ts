import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCef, splitOctetCounted } from '../formats/index.js';
import { fixtureAlert, fixtureAlerts } from '../formats/testing/alerts.js';
import { configOf, problemsOf, readExample, sinksOf } from '../testing/config.js';
import { expectedText } from '../testing/fixtures.js';
import { manyAlerts, startOutputsHarness, type OutputsHarness } from '../testing/harness.js';
import { frameSyslog, syslogLine } from './encode.js';
import { syslogSink } from './index.js';

describe('syslog config', () => {
  it('reads the three transports with their default ports, CEF and local4 by default', () => {
    expect(configOf(syslogSink, 'syslog+tls://siem:6514')).toMatchObject({
      transport: 'tls',
      host: 'siem',
      port: 6514,
      format: 'cef',
      facility: 'local4',
      framing: 'octet-counting',
    });
    expect(configOf(syslogSink, 'syslog+tls://siem').port).toBe(6514);
    expect(configOf(syslogSink, 'syslog+tcp://127.0.0.1:6514?format=cef')).toMatchObject({ transport: 'tcp', port: 6514 });
    expect(configOf(syslogSink, 'syslog+tcp://siem').port).toBe(514);
    expect(configOf(syslogSink, 'syslog+udp://[::1]?format=json&facility=authpriv&app_name=vigil-prod&hostname=gw-1')).toMatchObject({
      transport: 'udp',
      host: '::1',
      port: 514,
      format: 'json',
      facility: 'authpriv',
      appName: 'vigil-prod',
      hostname: 'gw-1',
    });
    const tls = configOf(syslogSink, 'syslog+tls://siem?tls_verify=false&servername=siem.acme.example');
    expect(tls.tls).toMatchObject({ verify: false, servername: 'siem.acme.example' });
    expect(configOf(syslogSink, 'syslog+tls://siem').tls.verify).toBe(true);
  });

  it('refuses a bare syslog://, a path, TLS settings without TLS, bad facilities and missing CA files', () => {
    expect(problemsOf('syslog://siem:514')).toEqual([expect.stringMatching(/syslog: expected syslog\+tcp:, syslog\+tls:, syslog\+udp:/)]);
    expect(problemsOf('syslog+tcp://siem/x')).toEqual([expect.stringMatching(/path: a syslog URL has no path/)]);
    expect(problemsOf('syslog+tcp://siem?servername=a')).toEqual([expect.stringMatching(/servername: applies to syslog\+tls only/)]);
    expect(problemsOf('syslog+udp://siem?framing=lf')).toEqual([expect.stringMatching(/framing: UDP sends one message per datagram/)]);
    expect(problemsOf('syslog+tls://siem?facility=local9&ca_file=/nonexistent/ca.pem&tls_verify=maybe')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/facility: expected a facility name/),
        expect.stringMatching(/ca_file: cannot read \/nonexistent\/ca.pem: ENOENT/),
        expect.stringMatching(/tls_verify/),
      ]),
    );
    expect(problemsOf('syslog+tls://siem?cert_file=/dev/null')).toEqual([expect.stringMatching(/cert_file: cert_file and key_file go together/)]);
  });

  it('parses its example.env', () => {
    const vars = readExample('syslog');
    expect(sinksOf(vars.VIGIL_OUTPUTS!, vars)[0]).toMatchObject({ type: 'syslog', name: 'syslog' });
  });
});

describe('syslog encode', () => {
  it('writes the RFC 5424 line of the fixture: severity from the alert, CEF as the message', () => {
    const line = syslogLine(fixtureAlert('alert-override-kill-switch'), {
      format: 'cef',
      facility: 'local4',
      appName: 'vigil',
      hostname: 'vigil-1.acme.example',
      procId: 4242,
    });
    expect(line).toBe(expectedText('alert-override-kill-switch', 'syslog.txt').trimEnd());
  });

  it('frames with octet counting (UTF-8 byte length) or LF, and keeps each message on one line', () => {
    for (const { alert } of fixtureAlerts()) {
      for (const format of ['cef', 'json', 'ecs', 'ocsf'] as const) {
        const line = syslogLine(alert, { format, facility: 'local4', appName: 'vigil', hostname: 'h', procId: 1 });
        expect(line).not.toMatch(/[\r\n]/);
        const { frames, rest } = splitOctetCounted(frameSyslog(line, 'octet-counting'));
        expect(frames.map((f) => f.toString('utf8'))).toEqual([line]);
        expect(rest).toHaveLength(0);
        expect(frameSyslog(line, 'lf').toString('utf8')).toBe(`${line}\n`);
      }
    }
  });
});

describe('syslog delivery to local receivers', () => {
  let harness: OutputsHarness | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    for (const c of closers.splice(0)) await c();
  });

  /** A TCP receiver that reads octet-counted frames; `dropFirst` closes the first connection after one frame. */
  async function tcpReceiver(dropFirst = false): Promise<{ port: number; messages: string[]; connections: number }> {
    const state = { port: 0, messages: [] as string[], connections: 0 };
    const server = net.createServer((sock) => {
      const n = ++state.connections;
      let buf: Buffer = Buffer.alloc(0);
      sock.on('data', (d: Buffer) => {
        const { frames, rest } = splitOctetCounted(Buffer.concat([buf, d]));
        buf = rest;
        for (const f of frames) {
          if (dropFirst && n === 1 && state.messages.length >= 1) return void sock.destroy();
          state.messages.push(f.toString('utf8'));
        }
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    state.port = (server.address() as net.AddressInfo).port;
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    return state;
  }

  it('sends CEF lines over TCP with octet counting and reconnects when the receiver drops the connection', async () => {
    const rx = await tcpReceiver(true);
    harness = await startOutputsHarness(`syslog+tcp://127.0.0.1:${rx.port}?batch_size=1&min_backoff=1ms&max_backoff=5ms`);
    const alerts = manyAlerts(6, 'tcp', 'alert-step-up-auth-failures');
    await harness.publish(alerts.slice(0, 1));
    await vi.waitFor(() => expect(rx.messages).toHaveLength(1));
    await harness.publish(alerts.slice(1));
    await vi.waitFor(() => expect(harness!.service.runners[0]!.caughtUp).toBe(true));
    // TCP has no acknowledgement: what was written into the dropped connection can be lost; the sink reconnects.
    await vi.waitFor(
      async () => {
        await harness!.publish(manyAlerts(1, 'after', 'alert-step-up-auth-failures'));
        expect(rx.messages.some((m) => m.includes('externalId=alr_after_0'))).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(rx.connections).toBe(2);
    for (const m of rx.messages) {
      expect(m).toMatch(/^<\d+>1 \S+ \S+ vigil \d+ alert - CEF:0\|Vigil\|Vigil\|/);
      expect(parseCef(m.slice(m.indexOf('CEF:'))).extension.act).toBe('step_up');
    }
  });

  it('sends one datagram per alert over UDP', async () => {
    const sock = dgram.createSocket('udp4');
    const got: string[] = [];
    sock.on('message', (m) => got.push(m.toString('utf8')));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    closers.push(() => void sock.close());
    harness = await startOutputsHarness(`syslog+udp://127.0.0.1:${sock.address().port}?format=json`);
    const alerts = manyAlerts(3, 'udp', 'alert-shadow-retrieval');
    await harness.publish(alerts);
    await vi.waitFor(() => expect(got).toHaveLength(3));
    expect(got.map((m) => (JSON.parse(m.slice(m.indexOf(' {') + 1)) as { id: string }).id)).toEqual(alerts.map((a) => a.id));
  });

  it('dead-letters after the retry budget when nothing listens', async () => {
    const rx = await tcpReceiver();
    const port = rx.port;
    closers.pop()!(); // close the listener: connections are refused
    harness = await startOutputsHarness(`syslog+tcp://127.0.0.1:${port}?retries=2&min_backoff=1ms&max_backoff=2ms&timeout=1s`);
    await harness.publish(manyAlerts(1, 'down', 'alert-shadow-retrieval'));
    await vi.waitFor(() => expect(harness!.deadLetters('vigil.deadletter.syslog')).toHaveLength(1), { timeout: 10_000 });
    expect(harness.deadLetters('vigil.deadletter.syslog')[0]!.reason).toMatch(
      /^gave up after 3 attempts: syslog\+tcp:\/\/127\.0\.0\.1:\d+ connect: .*ECONNREFUSED/,
    );
  });
});
