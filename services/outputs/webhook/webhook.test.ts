import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureAlert } from '../formats/testing/alerts.js';
import { configOf, problemsOf, readExample, sinksOf } from '../testing/config.js';
import { answer, startFakeHttp, type FakeHttp } from '../testing/fake-http.js';
import { expectedFixture } from '../testing/fixtures.js';
import { deadLetterAlertId, manyAlerts, startOutputsHarness, type OutputsHarness } from '../testing/harness.js';
import { webhookRequest } from './encode.js';
import { webhookSink } from './index.js';
import { signWebhook, verifyWebhook } from './signature.js';

const SECRET = 'whsec-0123456789abcdef';

describe('webhook config', () => {
  it('reads the DESIGN.md example: HTTPS, the secret from the env var, one alert per request', () => {
    const c = configOf(webhookSink, 'webhook+https://hooks.example/vigil?secret_env=HOOK_KEY', { HOOK_KEY: SECRET });
    expect(c.endpoint).toMatchObject({ protocol: 'https', host: 'hooks.example', port: 443 });
    expect(c).toMatchObject({ path: '/vigil', format: 'json', batched: false, bearer: undefined });
    expect(c.secret?.reveal()).toBe(SECRET);
    const local = configOf(webhookSink, 'webhook+http://127.0.0.1:9000/in%20box?format=ocsf&batch_size=50&bearer_env=TOK', { TOK: 't' });
    expect(local).toMatchObject({ path: '/in%20box', format: 'ocsf', batched: true });
    expect(local.endpoint).toMatchObject({ protocol: 'http', port: 9000 });
    expect(configOf(webhookSink, 'webhook://hooks.example').endpoint.protocol).toBe('https');
  });

  it('refuses CEF, a secret in the URL, an unset secret variable', () => {
    expect(problemsOf('webhook+https://h/x?format=cef&secret=abc&secret_env=NOPE')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/format: expected one of json, ecs, ocsf/),
        expect.stringMatching(/unknown parameter secret$/),
        expect.stringMatching(/NOPE is not set/),
      ]),
    );
  });

  it('adds headers from the variable headers_env names (an API key), and names only the variable in problems', () => {
    const env = { SECOPS_HEADERS: 'X-goog-api-key: AIza-key-1; X-Webhook-Access-Key: feed-secret-2' };
    const c = configOf(webhookSink, 'webhook+https://h/x?headers_env=SECOPS_HEADERS', env);
    expect(c.headers?.reveal()).toEqual({ 'x-goog-api-key': 'AIza-key-1', 'x-webhook-access-key': 'feed-secret-2' });
    expect(JSON.stringify(c)).not.toMatch(/AIza-key-1|feed-secret-2/);
    const bad = problemsOf('webhook+https://h/x?headers_env=H', { H: 'no colon here secret-3' });
    expect(bad).toEqual([expect.stringMatching(/headers_env: \$H: entry 1 is not "Header-Name: value"/)]);
    expect(bad.join()).not.toContain('secret-3');
    expect(problemsOf('webhook+https://h/x?headers_env=H', { H: 'X-Vigil-Signature: forged' })).toEqual([expect.stringMatching(/which Vigil sets itself/)]);
    const req = webhookRequest([fixtureAlert('alert-shadow-retrieval')], {
      format: 'json',
      batched: false,
      secret: SECRET,
      bearer: undefined,
      extraHeaders: c.headers?.reveal(),
      nowSeconds: 5,
    });
    expect(req.headers).toMatchObject({ 'x-goog-api-key': 'AIza-key-1', 'x-webhook-access-key': 'feed-secret-2', 'content-type': 'application/json' });
  });

  it('parses its example.env', () => {
    const vars = readExample('webhook');
    expect(sinksOf(vars.VIGIL_OUTPUTS!, vars)[0]).toMatchObject({ type: 'webhook' });
  });
});

describe('webhook signature', () => {
  const body = JSON.stringify(fixtureAlert('alert-shadow-retrieval'));

  it('signs "<timestamp>.<body>" with HMAC-SHA256, and a receiver verifies it', () => {
    const sig = signWebhook(SECRET, 1772445852, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook({ secret: SECRET, body, signature: sig, timestamp: '1772445852', nowSeconds: 1772445900 })).toEqual({ ok: true });
  });

  it('rejects a changed body, a wrong secret, a moved timestamp and a replay outside the tolerance', () => {
    const sig = signWebhook(SECRET, 1772445852, body);
    const at = { timestamp: '1772445852', nowSeconds: 1772445900 };
    expect(verifyWebhook({ secret: SECRET, body: `${body} `, signature: sig, ...at })).toMatchObject({ ok: false, reason: 'signature does not match' });
    expect(verifyWebhook({ secret: 'other', body, signature: sig, ...at })).toMatchObject({ ok: false });
    expect(verifyWebhook({ secret: SECRET, body, signature: sig, timestamp: '1772445853', nowSeconds: 1772445900 })).toMatchObject({ ok: false });
    expect(verifyWebhook({ secret: SECRET, body, signature: sig, timestamp: '1772445852', nowSeconds: 1772445852 + 301 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/replay/),
    });
    expect(verifyWebhook({ secret: SECRET, body, signature: undefined, ...at })).toMatchObject({ ok: false });
  });
});

describe('webhook encode', () => {
  it('sends one object per request, or an array when batching, with signature and timestamp headers', () => {
    const alert = fixtureAlert('alert-block-agent-endpoint');
    const one = webhookRequest([alert], { format: 'ecs', batched: false, secret: SECRET, bearer: undefined, nowSeconds: 1772445852 });
    expect(JSON.parse(one.body)).toEqual(expectedFixture('alert-block-agent-endpoint', 'ecs.json'));
    expect(one.headers).toMatchObject({ 'content-type': 'application/json', 'x-vigil-timestamp': '1772445852', 'x-vigil-alert-id': alert.id });
    expect(one.headers['x-vigil-signature']).toBe(signWebhook(SECRET, 1772445852, one.body));
    expect('authorization' in one.headers).toBe(false);
    const many = webhookRequest([alert, alert], { format: 'json', batched: true, secret: undefined, bearer: 'tok', nowSeconds: 1 });
    expect(JSON.parse(many.body)).toEqual([JSON.parse(JSON.stringify(alert)), JSON.parse(JSON.stringify(alert))]);
    expect(many.headers.authorization).toBe('Bearer tok');
    expect('x-vigil-signature' in many.headers).toBe(false);
  });
});

describe('webhook delivery', () => {
  let fake: FakeHttp | undefined;
  let harness: OutputsHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    await fake?.close();
    harness = fake = undefined;
  });

  it('POSTs signed alerts a receiver can verify; retries 5xx, dead-letters 4xx', async () => {
    const verified: string[] = [];
    let failures = 0;
    fake = await startFakeHttp((req, res) => {
      const check = verifyWebhook({
        secret: SECRET,
        body: req.body,
        signature: req.headers['x-vigil-signature'] as string,
        timestamp: req.headers['x-vigil-timestamp'] as string,
      });
      if (!check.ok) return answer(res, 401, { error: check.reason });
      const id = (JSON.parse(req.body) as { id: string }).id;
      if (id.endsWith('_gone')) return answer(res, 410, { error: 'endpoint retired' });
      if (id === 'alr_hook_1' && failures++ < 2) return answer(res, 502, 'bad gateway');
      verified.push(id);
      answer(res, 204, '');
    });
    harness = await startOutputsHarness(`webhook+http://127.0.0.1:${fake.port}/hooks/vigil?secret_env=HOOK_KEY&min_backoff=1ms&max_backoff=2ms`, {
      HOOK_KEY: SECRET,
    });
    const alerts = manyAlerts(3, 'hook', 'alert-shadow-retrieval');
    const gone = { ...manyAlerts(1, 'x', 'alert-shadow-retrieval')[0]!, id: 'alr_x_gone' };
    await harness.publish([...alerts, gone]);
    await vi.waitFor(() => expect(harness!.deadLetters('vigil.deadletter.webhook')).toHaveLength(1));
    expect(verified).toEqual(alerts.map((a) => a.id));
    expect(harness.deadLetters('vigil.deadletter.webhook').map(deadLetterAlertId)).toEqual(['alr_x_gone']);
    expect(harness.deadLetters('vigil.deadletter.webhook')[0]!.reason).toMatch(/^webhook HTTP 410/);
    expect(fake.requests.every((r) => r.path === '/hooks/vigil' && r.method === 'POST')).toBe(true);
    expect(fake.requests).toHaveLength(6);
  });
});
