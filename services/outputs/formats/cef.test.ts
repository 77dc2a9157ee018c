import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '@vigil/schemas';
import { escapeCefHeader, escapeCefValue, unescapeCefHeader, unescapeCefValue } from './cef-escape.js';
import { cefLabelledFields, parseCef, parseCefExtension } from './cef-parse.js';
import { CEF_LABELS, encodeCef } from './cef.js';
import { fixtureAlert, fixtureAlerts, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './testing/alerts.js';

/** Strings built from what breaks naive CEF: delimiters, escapes, line breaks, fake keys, non-ASCII, controls. */
const nasty = fc.constantFrom(
  '|',
  '\\',
  '=',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '  ',
  '\\=',
  '\\|',
  '\\n',
  '\\\\',
  'CEF:0|',
  ' act=allow',
  'cs1=',
  '=x',
  'suser=root ',
  'Label=',
  'é',
  '日本語',
  '🔥',
  '\t',
  '\u0000',
  '\u2028',
  '\uFEFF',
);
const hostile = fc
  .array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 6 })), { maxLength: 12 })
  .map((parts) => parts.join(''));
const oneLine = (s: string): string => s.replace(/\r\n|\r|\n/g, ' ');

function withHostile(h: { title: string; ruleId: string; version: string; reason: string; subjectId: string; by: string }): Alert {
  const alert = fixtureAlert('alert-block-agent-endpoint');
  alert.title = h.title;
  alert.rule = { ...alert.rule!, id: h.ruleId, version: h.version };
  alert.decision.reason = h.reason;
  alert.decision.subject = `user:${h.subjectId}`;
  alert.decision.override = { by: h.by };
  return alert;
}

describe('encodeCef → parseCef round trip', () => {
  it(
    'carries hostile values exactly in the extension and, line breaks aside, in the header',
    () => {
      fc.assert(
        fc.property(
          fc.record({ title: hostile.filter((s) => s !== ''), ruleId: hostile, version: hostile, reason: hostile, subjectId: hostile, by: hostile }),
          fc.option(
            hostile.filter((s) => s !== ''),
            { nil: undefined },
          ),
          (h, productVersion) => {
            const line = encodeCef(withHostile(h), { productVersion });
            expect(line).not.toMatch(/[\r\n]/);
            const parsed = parseCef(line);
            expect(parsed).toMatchObject({
              version: 0,
              vendor: 'Vigil',
              product: 'Vigil',
              name: oneLine(h.title),
              signatureId: oneLine(h.ruleId || 'agent-on-compromised-host'),
              severity: '10',
            });
            if (productVersion !== undefined) expect(parsed.productVersion).toBe(oneLine(productVersion));
            const ext = parsed.extension;
            expect(ext['msg']).toBe(h.reason === '' ? undefined : h.reason);
            expect(ext['cs1']).toBe(`user:${h.subjectId}`);
            expect(ext['cs2']).toBe(h.version === '' ? undefined : h.version);
            expect(ext['flexString1']).toBe(h.by === '' ? undefined : h.by);
            expect(ext['act']).toBe('block');
            expect(ext['externalId']).toBe('alr_h3R0lQx9cV2mB7nK1pW4sA');
            // nothing injected: exactly the keys the encoder wrote
            expect(
              Object.keys(ext)
                .filter((k) => !['msg', 'cs2', 'cs2Label', 'flexString1', 'flexString1Label'].includes(k))
                .sort(),
            ).toEqual(
              [
                'act',
                'cat',
                'cn1',
                'cn1Label',
                'cs1',
                'cs1Label',
                'cs3',
                'cs3Label',
                'cs4',
                'cs4Label',
                'cs5',
                'cs5Label',
                'cs6',
                'cs6Label',
                'dhost',
                'end',
                'externalId',
                'outcome',
                'rt',
                'src',
                'start',
                'suser',
              ].sort(),
            );
          },
        ),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('round-trips fixed hostile examples', () => {
    const cases = [
      'a=b c=d',
      'x act=allow suser=root',
      'ends with a backslash \\',
      '\\=already escaped\\n',
      'multi\nline\r\nwith CR\r',
      '  leading and trailing  ',
      'pipes | and || in the value',
      'ünïcødé — 日本語 🔥',
      '=',
      '\\',
    ];
    for (const reason of cases) {
      const alert = fixtureAlert('alert-override-kill-switch');
      alert.decision.reason = reason;
      alert.title = `Name | ${reason}`;
      const parsed = parseCef(encodeCef(alert));
      expect(parsed.extension['msg'], JSON.stringify(reason)).toBe(reason);
      expect(parsed.name).toBe(oneLine(`Name | ${reason}`));
      expect(parsed.extension['act']).toBe('block');
    }
  });

  it.each(fixtureAlerts().map((f) => [f.name, f.alert] as const))('%s: labels resolve and rt is the creation time in ms', (_name, alert) => {
    const parsed = parseCef(encodeCef(alert));
    const labelled = cefLabelledFields(parsed.extension);
    expect(labelled['subject']).toBe(alert.decision.subject);
    expect(labelled['decisionId']).toBe(alert.decision.id);
    expect(Number(labelled['risk'])).toBe(alert.risk);
    expect(Number(parsed.extension['rt'])).toBe(Date.parse(alert.created_at));
    for (const [key, label] of Object.entries(CEF_LABELS)) {
      if (parsed.extension[key] !== undefined) expect(parsed.extension[`${key}Label`]).toBe(label);
    }
  });
});

describe('encodeCef', () => {
  it('uses override as the signature id, the operator in flexString1, and IPv6 in c6a2 instead of src', () => {
    const override = parseCef(encodeCef(fixtureAlert('alert-override-kill-switch')));
    expect(override.signatureId).toBe('override');
    expect(cefLabelledFields(override.extension)['overrideBy']).toBe('operator:soc-oncall');
    expect(override.extension['cs2']).toBeUndefined();

    const stepUp = parseCef(encodeCef(fixtureAlert('alert-step-up-auth-failures')));
    expect(stepUp.extension['src']).toBeUndefined();
    expect(cefLabelledFields(stepUp.extension)['Source IPv6 Address']).toBe('2001:db8:4:2::23');
    expect(stepUp).toMatchObject({ severity: '5', extension: { act: 'step_up', outcome: 'unknown', cat: 'decision/step_up', cs6: 'T1110' } });
  });

  it('escapes the header and the extension as the CEF spec says', () => {
    const alert = fixtureAlert('alert-override-kill-switch');
    alert.title = 'a|b\\c\nd';
    alert.decision.reason = 'k=v\\w\nx\ry|z';
    const line = encodeCef(alert);
    expect(line).toContain('|a\\|b\\\\c d|10|');
    expect(line).toContain(' msg=k\\=v\\\\w\\nx\\ry|z ');
  });
});

describe('CEF escaping', () => {
  it('escapes and unescapes values and header fields', () => {
    expect(escapeCefValue('a=b\\c\nd\re|f')).toBe('a\\=b\\\\c\\nd\\re|f');
    expect(unescapeCefValue('a\\=b\\\\c\\nd\\re\\|f\\x')).toBe('a=b\\c\nd\re|f\\x');
    expect(escapeCefHeader('a|b\\c\r\nd')).toBe('a\\|b\\\\c d');
    expect(unescapeCefHeader('a\\|b\\\\c\\d')).toBe('a|b\\c\\d');
  });

  it(
    'inverts value escaping for any string',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => unescapeCefValue(escapeCefValue(s)) === s),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('parseCef', () => {
  it('reads a line behind a syslog header and ignores a trailing line break', () => {
    const parsed = parseCef('<134>1 2026-03-02T10:04:12.250Z host app - - - CEF:0|V|P|1.0|sig|Name|3|a=1 msg=hello world b=\r\n');
    expect(parsed).toEqual({
      version: 0,
      vendor: 'V',
      product: 'P',
      productVersion: '1.0',
      signatureId: 'sig',
      name: 'Name',
      severity: '3',
      extension: { a: '1', msg: 'hello world', b: '' },
    });
  });

  it('keeps an unescaped = inside a value when its token is not a key name', () => {
    expect(parseCefExtension('a=1 b=x=y c= d=2')).toEqual({ a: '1', b: 'x=y', c: '', d: '2' });
    expect(parseCefExtension('url=https://x.example/?q\\=1&r=2 n=3')).toEqual({ url: 'https://x.example/?q=1&r=2', n: '3' });
  });

  it('fails with VIGIL_ERR_PARSE naming the problem', () => {
    expect(() => parseCef('hello')).toThrow(expect.objectContaining({ code: 'VIGIL_ERR_PARSE', message: 'not a CEF line: no "CEF:" prefix' }));
    expect(() => parseCef('CEF:0|a|b|c')).toThrow('CEF header needs 7 "|" separators, found 3');
    expect(() => parseCef('CEF:x|a|b|c|d|e|f|')).toThrow('CEF version "x" is not a number');
  });
});
