// Snapshot tests: every fixture alert in every format equals its file in fixtures/expected/, byte for byte.
// After an intended change to an encoder, regenerate the files and review the diff before committing:
//   VIGIL_UPDATE_FIXTURES=1 npx vitest run --project unit services/outputs/formats/fixtures.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeCef } from './cef.js';
import { encodeEcs } from './ecs.js';
import { encodeOcsf } from './ocsf.js';
import { formatSyslog5424 } from './syslog.js';
import { fixtureAlerts } from './testing/alerts.js';

const UPDATE = process.env.VIGIL_UPDATE_FIXTURES === '1';
const EXPECTED = new URL('./fixtures/expected/', import.meta.url);
// Pinned so that a release bump does not rewrite every snapshot.
const options = { productVersion: '0.1.0' };
const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

function matchesFile(file: string, actual: string): void {
  const url = new URL(file, EXPECTED);
  if (UPDATE) writeFileSync(url, actual);
  expect(existsSync(url), `${file} is missing: run with VIGIL_UPDATE_FIXTURES=1 to create it`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe.each(fixtureAlerts())('$name', ({ name, alert }) => {
  it('ECS matches the snapshot', () => matchesFile(`${name}.ecs.json`, json(encodeEcs(alert, options))));
  it('OCSF matches the snapshot', () => matchesFile(`${name}.ocsf.json`, json(encodeOcsf(alert, options))));
  it('CEF matches the snapshot', () => matchesFile(`${name}.cef.txt`, `${encodeCef(alert, options)}\n`));
});

it('CEF over RFC 5424 syslog matches the snapshot', () => {
  const { alert } = fixtureAlerts().find((f) => f.name === 'alert-override-kill-switch')!;
  const line = formatSyslog5424(encodeCef(alert, options), {
    facility: 'local4',
    severity: 'crit',
    hostname: 'vigil-1.acme.example',
    appName: 'vigil',
    procId: 4242,
    msgId: 'alert',
    time: alert.created_at,
  });
  matchesFile('alert-override-kill-switch.syslog.txt', `${line}\n`);
});
