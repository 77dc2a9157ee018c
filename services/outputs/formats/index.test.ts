import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_FORMATS, encodeAlert, parseCef, VIGIL_VERSION } from './index.js';
import { fixtureAlert } from './testing/alerts.js';

describe('encodeAlert', () => {
  const alert = fixtureAlert('alert-step-up-auth-failures');

  it('gives JSON bodies for ecs, ocsf and json, and one CEF line for cef', () => {
    const out = Object.fromEntries(ALERT_FORMATS.map((f) => [f, encodeAlert(alert, f)]));
    expect(JSON.parse(out['ecs']!.body)).toMatchObject({ event: { kind: 'alert', id: alert.id } });
    expect(JSON.parse(out['ocsf']!.body)).toMatchObject({ class_uid: 2004, finding_info: { uid: alert.id } });
    expect(JSON.parse(out['json']!.body)).toEqual(alert);
    expect(parseCef(out['cef']!.body).extension['externalId']).toBe(alert.id);
    expect(Object.fromEntries(ALERT_FORMATS.map((f) => [f, out[f]!.contentType]))).toEqual({
      ecs: 'application/json',
      ocsf: 'application/json',
      cef: 'text/plain; charset=utf-8',
      json: 'application/json',
    });
  });

  it('writes the product version given, else this release, into every format', () => {
    expect(encodeAlert(alert, 'ecs', { productVersion: '2.3.4' }).body).toContain('"version":"2.3.4"');
    expect(encodeAlert(alert, 'ocsf', { productVersion: '2.3.4' }).body).toContain('"version":"2.3.4"');
    expect(parseCef(encodeAlert(alert, 'cef', { productVersion: '2.3.4' }).body).productVersion).toBe('2.3.4');
    expect(parseCef(encodeAlert(alert, 'cef').body).productVersion).toBe(VIGIL_VERSION);
  });

  it('reports the same release as the root package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VIGIL_VERSION).toBe(pkg.version);
  });
});
