import { describe, expect, it } from 'vitest';
import { encodeCef, encodeEcs } from '../formats/index.js';
import { fixtureAlert, fixtureAlerts } from '../formats/testing/alerts.js';
import { configOf, problemsOf, readExample, sinksOf } from '../testing/config.js';
import { expectedFixture } from '../testing/fixtures.js';
import { ackPathFor } from './config.js';
import { hecBody, hecEvent, parseHecAnswer } from './encode.js';
import { splunkHecSink } from './index.js';

const env = { HEC_TOKEN: 'hec-token-value-1234' };

describe('splunk-hec config', () => {
  it('reads the DESIGN.md example: HTTPS on 8088, the token from the env var, index, defaults', () => {
    const c = configOf(splunkHecSink, 'splunk-hec://hec.example:8088?token_env=HEC_TOKEN&index=security', env);
    expect(c.endpoint).toMatchObject({ protocol: 'https', host: 'hec.example', port: 8088 });
    expect(c.endpoint.tls.verify).toBe(true);
    expect(c.token.reveal()).toBe('hec-token-value-1234');
    expect(c).toMatchObject({
      name: 'splunk-hec',
      index: 'security',
      source: 'vigil',
      sourcetype: 'vigil:alert:ecs',
      format: 'ecs',
      eventPath: '/services/collector/event',
      ack: undefined,
    });
    expect(c.delivery).toEqual({ retries: 10, minBackoffMs: 250, maxBackoffMs: 30_000, batchSize: 100 });
  });

  it('takes plain HTTP for a local HEC, a proxy path, ack settings and delivery settings', () => {
    const c = configOf(
      splunkHecSink,
      'splunk-hec+http://127.0.0.1:18088/splunk/services/collector/event?token_env=HEC_TOKEN&ack=true&ack_timeout=5s&ack_interval=200ms&channel=3f0e5c4e-7b1a-4c39-9a51-0d2f7c1e8b44&format=cef&batch_size=7&retries=3&max_backoff=2s&name=hec-b',
      env,
    );
    expect(c.endpoint).toMatchObject({ protocol: 'http', port: 18088 });
    expect(c.eventPath).toBe('/splunk/services/collector/event');
    expect(c.ackPath).toBe('/splunk/services/collector/ack');
    expect(c.ack).toEqual({ timeoutMs: 5000, intervalMs: 200, channel: '3f0e5c4e-7b1a-4c39-9a51-0d2f7c1e8b44' });
    expect(c).toMatchObject({ name: 'hec-b', format: 'cef', sourcetype: 'vigil:alert:cef' });
    expect(c.delivery).toMatchObject({ retries: 3, maxBackoffMs: 2000, batchSize: 7 });
    expect(ackPathFor('/services/collector')).toBe('/services/collector/ack');
    expect(ackPathFor('/services/collector/event/1.0')).toBe('/services/collector/ack');
  });

  it('refuses bad URLs with every problem named, and never prints the secret', () => {
    const problems = problemsOf('splunk-hec+ftp://:8088/?token=abc&index=&retries=-1&ack=maybe&timeout=soon', env);
    const text = problems.join('\n');
    expect(text).toMatch(/expected \+https or \+http|splunk-hec\+ftp/);
    expect(problemsOf('splunk-hec://hec.example?token=abc&index=&retries=-1&ack=maybe&timeout=soon', env)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown parameter token$/),
        expect.stringMatching(/token_env: /),
        expect.stringMatching(/index: /),
        expect.stringMatching(/retries: expected a whole number/),
        expect.stringMatching(/ack: expected true or false/),
        expect.stringMatching(/timeout: "soon" is not a duration/),
      ]),
    );
    expect(problemsOf('splunk-hec://hec.example?token_env=MISSING_TOKEN')).toEqual([
      expect.stringMatching(/token_env: environment variable MISSING_TOKEN is not set/),
    ]);
    const creds = problemsOf('splunk-hec://user:pw-in-url@hec.example?token_env=HEC_TOKEN&token=tok-in-url', env);
    expect(creds).toEqual([expect.stringMatching(/credentials in the URL are not allowed/)]);
    expect(creds.join()).not.toMatch(/pw-in-url|tok-in-url/);
    expect(problemsOf('splunk-hec://hec.example?token_env=HEC_TOKEN&channel=abc', env)).toEqual([expect.stringMatching(/channel: expected a GUID/)]);
    const sink = sinksOf('splunk-hec://hec.example?token_env=HEC_TOKEN', env)[0]!;
    expect(JSON.stringify(sink)).not.toContain(env.HEC_TOKEN);
    expect(JSON.stringify(configOf(splunkHecSink, 'splunk-hec://hec.example?token_env=HEC_TOKEN', env))).not.toContain(env.HEC_TOKEN);
  });

  it('parses its example.env', () => {
    const vars = readExample('splunk-hec');
    const [sink] = sinksOf(vars.VIGIL_OUTPUTS!, vars);
    expect(sink).toMatchObject({ type: 'splunk-hec', name: 'splunk-hec' });
    expect(configOf(splunkHecSink, vars.VIGIL_OUTPUTS!, vars).ack).toBeDefined();
  });
});

describe('splunk-hec encode', () => {
  it('wraps the ECS document of each fixture in a HEC event with indexed fields', () => {
    for (const { name, alert } of fixtureAlerts()) {
      const e = hecEvent(alert, { host: 'vigil-1', source: 'vigil', sourcetype: 'vigil:alert:ecs', index: 'security', format: 'ecs' });
      expect(e.event).toEqual(expectedFixture(name, 'ecs.json'));
      expect(e.time * 1000).toBe(Date.parse(alert.created_at));
      expect(e).toMatchObject({ host: 'vigil-1', source: 'vigil', sourcetype: 'vigil:alert:ecs', index: 'security' });
      expect(e.fields).toMatchObject({
        vigil_alert_id: alert.id,
        vigil_action: alert.decision.action,
        vigil_subject: alert.decision.subject,
        vigil_alert_kind: alert.kind,
      });
      expect(e.fields.vigil_rule).toBe(alert.rule?.id);
      for (const v of Object.values(e.fields)) expect(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))).toBe(true);
    }
  });

  it('carries a CEF line as a string event, and leaves index out when not configured', () => {
    const alert = fixtureAlert('alert-step-up-auth-failures');
    const e = hecEvent(alert, { host: 'h', source: 's', sourcetype: 'st', index: undefined, format: 'cef' });
    expect(e.event).toBe(encodeCef(alert));
    expect('index' in e).toBe(false);
  });

  it('joins events into one body of JSON objects, each readable on its own line', () => {
    const alerts = fixtureAlerts().map((f) => f.alert);
    const body = hecBody(alerts.map((a) => hecEvent(a, { host: 'h', source: 's', sourcetype: 'st', index: undefined, format: 'ecs' })));
    const lines = body.split('\n').map((l) => JSON.parse(l) as { event: unknown });
    expect(lines.map((l) => l.event)).toEqual(alerts.map((a) => JSON.parse(JSON.stringify(encodeEcs(a)))));
  });

  it('reads HEC answers', () => {
    expect(parseHecAnswer('{"text":"Success","code":0,"ackId":7}')).toEqual({ text: 'Success', code: 0, ackId: 7 });
    expect(parseHecAnswer('{"text":"Invalid data format","code":6,"invalid-event-number":2}')).toEqual({
      text: 'Invalid data format',
      code: 6,
      invalidEvent: 2,
    });
    expect(parseHecAnswer('<html>busy</html>')).toBeUndefined();
  });
});
