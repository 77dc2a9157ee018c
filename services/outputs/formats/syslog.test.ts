import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCef } from './cef.js';
import { parseCef } from './cef-parse.js';
import { escapeSdValue, formatSyslog5424, frameOctetCounting, splitOctetCounted } from './syslog.js';
import { fixtureAlert, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './testing/alerts.js';

/** Reads SD-PARAM values back (RFC 5424 §6.3.3 escapes), enough to check the writer. */
function sdParams(sd: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of sd.matchAll(/ ([^= \]"]+)="((?:\\.|[^"\\])*)"/gs)) out[m[1]!] = m[2]!.replace(/\\(["\\\]])/g, '$1');
  return out;
}

describe('formatSyslog5424', () => {
  it('writes PRI, version, UTC timestamp with ms, header fields, nil SD and the message', () => {
    const line = formatSyslog5424('CEF:0|Vigil|Vigil|0.1.0|r|n|5|act=block', {
      facility: 'local4',
      severity: 'warning',
      hostname: 'vigil-1.acme.example',
      appName: 'vigil',
      procId: 4242,
      msgId: 'alert',
      time: '2026-03-02T11:04:12.250+01:00',
    });
    expect(line).toBe('<164>1 2026-03-02T10:04:12.250Z vigil-1.acme.example vigil 4242 alert - CEF:0|Vigil|Vigil|0.1.0|r|n|5|act=block');
  });

  it('uses - for missing or invalid values and numeric facility / severity as given', () => {
    expect(formatSyslog5424('m', { facility: 0, severity: 0 })).toBe('<0>1 - - - - - - m');
    expect(formatSyslog5424('m', { facility: 23, severity: 7, time: Number.NaN, hostname: '' })).toBe('<191>1 - - - - - - m');
    expect(formatSyslog5424('', { facility: 1, severity: 6, time: new Date(Date.UTC(2026, 0, 1)) })).toBe('<14>1 2026-01-01T00:00:00.000Z - - - - -');
  });

  it('keeps header fields to printable US-ASCII and their RFC lengths', () => {
    const line = formatSyslog5424('m', { facility: 'user', severity: 'info', hostname: 'host name\u00e9', appName: 'a'.repeat(60), msgId: 'm'.repeat(40) });
    const [, , host, app, , msgId] = line.split(' ');
    expect(host).toBe('host_name_');
    expect(app).toHaveLength(48);
    expect(msgId).toHaveLength(32);
  });

  it(
    'writes structured data with escaped values that read back exactly, and sanitised names',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
          const line = formatSyslog5424('m', { facility: 'local0', severity: 'notice', structuredData: { 'vigil@32473': { alert: value, risk: 92 } } });
          const sd = line.slice(line.indexOf(' [') + 1, line.lastIndexOf('] ') + 1);
          expect(sd.startsWith('[vigil@32473 ')).toBe(true);
          expect(sdParams(sd)).toEqual({ alert: value, risk: '92' });
        }),
        { numRuns: FUZZ_RUNS },
      );
      expect(escapeSdValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
      expect(formatSyslog5424('m', { facility: 1, severity: 1, structuredData: { 'bad id="x"': { 'k=]': 'v' }, meta: {} } })).toBe(
        '<9>1 - - - - - [bad_id__x_ k__="v"][meta] m',
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('prefixes the UTF-8 BOM only when asked', () => {
    expect(formatSyslog5424('m', { facility: 1, severity: 1, bom: true }).endsWith(' \uFEFFm')).toBe(true);
  });

  it('rejects a facility or severity out of range with VIGIL_ERR_CONFIG', () => {
    expect(() => formatSyslog5424('m', { facility: 24, severity: 1 })).toThrow(expect.objectContaining({ code: 'VIGIL_ERR_CONFIG' }));
    expect(() => formatSyslog5424('m', { facility: 1, severity: 8 })).toThrow('syslog severity 8 is not 0–7 or a known name');
    expect(() => formatSyslog5424('m', { facility: 'toString' as 'user', severity: 1 })).toThrow('syslog facility toString');
  });

  it('carries a CEF alert that reads back from the syslog line', () => {
    const alert = fixtureAlert('alert-override-kill-switch');
    const line = formatSyslog5424(encodeCef(alert), {
      facility: 'local4',
      severity: 'crit',
      hostname: 'vigil-1',
      appName: 'vigil',
      msgId: 'alert',
      time: alert.created_at,
    });
    expect(line.split('\n')).toHaveLength(1);
    expect(parseCef(line).extension['msg']).toBe(alert.decision.reason);
  });
});

describe('octet counting (RFC 6587)', () => {
  it('prefixes the UTF-8 byte length, not the string length', () => {
    expect(frameOctetCounting('é🔥').toString('utf8')).toBe('6 é🔥');
    expect(frameOctetCounting(Buffer.from('abc')).toString()).toBe('3 abc');
  });

  it(
    'splits a stream cut at any points back into the same frames',
    () => {
      const line = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
      fc.assert(
        fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }), (lines, cuts) => {
          const stream = Buffer.concat(lines.map((l) => frameOctetCounting(l)));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const frames: string[] = [];
          let pending: Buffer = Buffer.alloc(0);
          let from = 0;
          for (const to of [...points, stream.length]) {
            const { frames: got, rest } = splitOctetCounted(Buffer.concat([pending, stream.subarray(from, to)]));
            frames.push(...got.map((f) => f.toString('utf8')));
            pending = rest;
            from = to;
          }
          expect(pending).toHaveLength(0);
          expect(frames).toEqual(lines.map((l) => Buffer.from(l, 'utf8').toString('utf8')));
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('rejects a frame whose length is not a number', () => {
    expect(() => splitOctetCounted(Buffer.from('3 abcx12 y'))).toThrow(expect.objectContaining({ code: 'VIGIL_ERR_PARSE' }));
    expect(() => splitOctetCounted(Buffer.from('012 abc'))).toThrow('"012" is not a length');
  });
});
