import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixtureAlert, fixtureAlerts } from '../formats/testing/alerts.js';
import { configOf, problemsOf, readExample, sinksOf } from '../testing/config.js';
import { expectedFixture } from '../testing/fixtures.js';
import { ConsoleTransport } from './deliver.js';
import { consoleLine } from './encode.js';
import { consoleSink } from './index.js';

describe('console config', () => {
  it('prints readable lines on stdout by default; stderr and alert formats on request', () => {
    expect(configOf(consoleSink, 'console:')).toMatchObject({ name: 'console', stream: 'stdout', format: 'line' });
    expect(configOf(consoleSink, 'console:stderr?format=ecs&name=audit-console')).toMatchObject({ name: 'audit-console', stream: 'stderr', format: 'ecs' });
    expect(problemsOf('console:stdin')).toEqual([expect.stringMatching(/expected console:, console:stdout or console:stderr/)]);
    expect(problemsOf('console:?format=xml')).toEqual([expect.stringMatching(/format: expected one of line, ecs, ocsf, cef, json/)]);
  });

  it('parses its example.env', () => {
    const vars = readExample('console');
    expect(sinksOf(vars.VIGIL_OUTPUTS!, vars)).toMatchObject([{ type: 'console', noop: undefined }]);
  });
});

describe('console encode and deliver', () => {
  it('says when, how severe, what was decided about whom, by which rule, and the alert id', () => {
    expect(consoleLine(fixtureAlert('alert-block-agent-endpoint'), 'line')).toBe(
      '2026-03-02T10:04:12.250Z ALERT critical block agent:finance-bot risk=92 rule=agent-on-compromised-host "Agent acting from a host with an active EDR detection: block agent:finance-bot" id=alr_h3R0lQx9cV2mB7nK1pW4sA',
    );
    expect(consoleLine(fixtureAlert('alert-shadow-retrieval'), 'line')).toMatch(/\(shadow: not enforced\)/);
    expect(consoleLine(fixtureAlert('alert-override-kill-switch'), 'line')).toMatch(/ override by operator:soc-oncall /);
  });

  it('writes one line per alert and waits for the stream', async () => {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        text += chunk.toString('utf8');
        setImmediate(cb);
      },
    });
    const alerts = fixtureAlerts();
    const out = await new ConsoleTransport(stream, 'ecs').deliver(alerts.map((a) => a.alert));
    expect(out).toEqual(alerts.map(() => ({ ok: true })));
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(alerts.map((a) => expectedFixture(a.name, 'ecs.json')));
  });
});
