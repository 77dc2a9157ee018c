import { describe, expect, it } from 'vitest';
import { retryAfterMs, responseOutcome } from './http-outcome.js';
import { Secret } from './secret.js';
import { parseSinkUrl, redactSinkUrl, splitOutputs } from './sink-url.js';

describe('parseSinkUrl', () => {
  it('splits every URL form of DESIGN.md into scheme, transport, host, port, path and params', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['kafka:vigil.alerts?format=ecs', { scheme: 'kafka', transport: undefined, host: '', port: undefined, path: 'vigil.alerts', params: { format: 'ecs' } }],
      ['syslog+tcp://127.0.0.1:6514?format=cef', { scheme: 'syslog', transport: 'tcp', host: '127.0.0.1', port: 6514, path: '', params: { format: 'cef' } }],
      ['syslog+tls://siem:6514', { scheme: 'syslog', transport: 'tls', host: 'siem', port: 6514, params: {} }],
      ['syslog+udp://[::1]:514', { transport: 'udp', host: '::1', port: 514 }],
      [
        'splunk-hec://hec.example:8088?token_env=HEC_TOKEN&index=security',
        { scheme: 'splunk-hec', host: 'hec.example', params: { token_env: 'HEC_TOKEN', index: 'security' } },
      ],
      ['elasticsearch://es.example:9200/vigil-alerts', { scheme: 'elasticsearch', path: '/vigil-alerts', port: 9200 }],
      [
        'webhook+https://hooks.example/vigil?secret_env=HOOK_KEY',
        { scheme: 'webhook', transport: 'https', path: '/vigil', params: { secret_env: 'HOOK_KEY' } },
      ],
      ['console:', { scheme: 'console', host: '', path: '' }],
    ];
    for (const [text, expected] of cases) expect(parseSinkUrl(text)).toEqual({ ok: true, url: expect.objectContaining({ text, ...expected }) });
  });

  it('refuses credentials in the URL, repeated parameters, fragments and non-URLs', () => {
    expect(parseSinkUrl('webhook+https://user:secret@h/x')).toEqual({ ok: false, problem: expect.stringMatching(/credentials in the URL are not allowed/) });
    expect(parseSinkUrl('webhook+https://h/x?format=ecs&format=json')).toEqual({ ok: false, problem: 'parameter format is given twice' });
    expect(parseSinkUrl('webhook+https://h/x#a')).toMatchObject({ ok: false });
    expect(parseSinkUrl('just words')).toMatchObject({ ok: false });
  });

  it('hides user info and secret-looking parameter values in messages, keeps *_env names and the rest', () => {
    expect(redactSinkUrl('webhook+https://user:pa55@h/x?secret=abc&format=ocsf&secret_env=HOOK_KEY&api_key=k1&token=t1')).toBe(
      'webhook+https://***@h/x?secret=***&format=ocsf&secret_env=HOOK_KEY&api_key=***&token=***',
    );
    expect(redactSinkUrl('splunk-hec://hec:8088?token_env=HEC_TOKEN&index=security')).toBe('splunk-hec://hec:8088?token_env=HEC_TOKEN&index=security');
  });

  it('splits VIGIL_OUTPUTS on commas, ignoring blanks', () => {
    expect(splitOutputs(' kafka:vigil.alerts?format=ecs , ,console: ')).toEqual(['kafka:vigil.alerts?format=ecs', 'console:']);
  });
});

describe('HTTP outcomes', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Mon, 02 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('retries 408, 429 and 5xx; rejects other 4xx; delivers 2xx', () => {
    const res = (status: number, headers = {}) => ({ status, headers, body: ' {"text": "x"}\n' });
    expect(responseOutcome(res(204))).toEqual({ ok: true });
    expect(responseOutcome(res(429, { 'retry-after': '2' }), 'HEC ')).toEqual({
      ok: false,
      retriable: true,
      reason: 'HEC HTTP 429: {"text": "x"}',
      retryAfterMs: 2000,
    });
    for (const s of [408, 500, 502, 503, 504]) expect(responseOutcome(res(s))).toMatchObject({ ok: false, retriable: true });
    for (const s of [400, 401, 403, 404, 410, 413]) expect(responseOutcome(res(s))).toMatchObject({ ok: false, retriable: false });
  });
});

describe('Secret', () => {
  it('never shows its value in strings, JSON or inspection', async () => {
    const s = new Secret('HEC_TOKEN', 'super-secret-value');
    const { inspect } = await import('node:util');
    for (const shown of [String(s), JSON.stringify({ s }), inspect({ s }), `${s}`]) {
      expect(shown).not.toContain('super-secret-value');
      expect(shown).toContain('HEC_TOKEN');
    }
    expect(s.reveal()).toBe('super-secret-value');
  });
});
