// The outputs service against a local HTTP server playing Splunk HEC with scripted faults: nothing lost,
// duplicates only where at-least-once allows them, rejections dead-lettered, indexer acknowledgement.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sinkDeadletterTopic } from '../delivery/dead-letters.js';
import { answer, startFakeHttp, type FakeHttp, type FakeRequest } from '../testing/fake-http.js';
import { deadLetterAlertId, manyAlerts, startOutputsHarness, type OutputsHarness } from '../testing/harness.js';
import type { HecEvent } from './encode.js';

const TOKEN = 'f3c1a2b4-hec-token';
const env = { HEC_TOKEN: TOKEN };
const FAST = 'retries=40&min_backoff=1ms&max_backoff=20ms';
const WAIT = { timeout: 60_000, interval: 20 };

let fake: FakeHttp | undefined;
let harness: OutputsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  await fake?.close();
  harness = fake = undefined;
});

const events = (r: FakeRequest): HecEvent[] => r.body.split('\n').map((l) => JSON.parse(l) as HecEvent);
const idOf = (e: HecEvent): string => e.fields.vigil_alert_id as string;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The answer to request n is FAULTS[n % 20]: 30 % 5xx (half of them after HEC kept the events), 5 % 429, 10 % slow. */
// prettier-ignore
const FAULTS = [
  'ok', '5xx', 'ok', 'slow', '5xx-after-accept', 'ok', '429', '5xx', 'ok', 'ok',
  '5xx-after-accept', 'ok', 'too-slow', '5xx', 'ok', 'ok', '5xx-after-accept', 'ok', 'ok', 'ok',
] as const;

async function metric(h: OutputsHarness, name: string, sink: string): Promise<number> {
  const m = h.rt.metrics.getSingleMetric(name);
  const values = (await m?.get())?.values ?? [];
  return values.filter((v) => v.labels.sink === sink).reduce((s, v) => s + v.value, 0);
}

describe('splunk-hec delivery under faults', () => {
  it('delivers all of 1,000 alerts through 30 % 5xx, 429s and slow answers; duplicates only from answers lost after acceptance', async () => {
    const received: HecEvent[] = [];
    /** Requests HEC accepted (events kept) but whose success the client never saw: the only source of duplicates. */
    const acceptedButFailed: FakeRequest[] = [];
    const counts = { ok: 0, e5xx: 0, e429: 0, slow: 0 };
    fake = await startFakeHttp(async (req, res) => {
      if (req.headers.authorization !== `Splunk ${TOKEN}`) return answer(res, 401, { text: 'Invalid authorization', code: 3 });
      switch (FAULTS[req.n % FAULTS.length]) {
        case '5xx':
          counts.e5xx++;
          return answer(res, [500, 502, 503][req.n % 3]!, { text: 'Server is busy', code: 9 });
        case '5xx-after-accept':
          // Indexed, then the answer is an error (a proxy timing out, an indexer failing after the queue took it).
          counts.e5xx++;
          received.push(...events(req));
          acceptedButFailed.push(req);
          return answer(res, 503, { text: 'Server is busy', code: 9 });
        case '429':
          counts.e429++;
          return answer(res, 429, { text: 'Too many requests' }, { 'retry-after': '0' });
        case 'slow':
          counts.slow++;
          received.push(...events(req));
          await delay(80);
          return answer(res, 200, { text: 'Success', code: 0 });
        case 'too-slow':
          // Slower than the client's timeout: indexed, but the client gives up on the answer and resends.
          counts.slow++;
          received.push(...events(req));
          acceptedButFailed.push(req);
          await delay(400);
          return answer(res, 200, { text: 'Success', code: 0 });
        default:
          counts.ok++;
          received.push(...events(req));
          answer(res, 200, { text: 'Success', code: 0 });
      }
    });
    harness = await startOutputsHarness(`splunk-hec+http://127.0.0.1:${fake.port}?token_env=HEC_TOKEN&index=security&batch_size=10&timeout=250ms&${FAST}`, env);
    const alerts = manyAlerts(1000, 'hec');
    await harness.publish(alerts);

    await vi.waitFor(async () => expect(await metric(harness!, 'vigil_output_sent_total', 'splunk-hec')).toBe(1000), WAIT);

    const ids = new Set(received.map(idOf));
    expect(ids).toEqual(new Set(alerts.map((a) => a.id)));
    for (const e of received)
      expect(e).toMatchObject({ index: 'security', source: 'vigil', sourcetype: 'vigil:alert:ecs', event: { event: { kind: 'alert', id: idOf(e) } } });
    // Every copy beyond the first is explained by a request HEC accepted whose success the client did not see.
    const copies = new Map<string, number>();
    for (const e of received) copies.set(idOf(e), (copies.get(idOf(e)) ?? 0) + 1);
    const allowed = new Map<string, number>();
    for (const r of acceptedButFailed) for (const e of events(r)) allowed.set(idOf(e), (allowed.get(idOf(e)) ?? 0) + 1);
    for (const [id, n] of copies) expect(n - 1, id).toBeLessThanOrEqual(allowed.get(id) ?? 0);
    // The script did inject every kind of fault, and they were retried rather than dead-lettered.
    expect(counts.e5xx / fake.requests.length).toBeGreaterThanOrEqual(0.28);
    expect(counts.e429).toBeGreaterThan(0);
    expect(counts.slow).toBeGreaterThan(0);
    expect(acceptedButFailed.length).toBeGreaterThan(0);
    expect(await metric(harness, 'vigil_output_retried_total', 'splunk-hec')).toBeGreaterThan(0);
    expect(await metric(harness, 'vigil_output_failed_total', 'splunk-hec')).toBe(0);
    expect(harness.bus.records(sinkDeadletterTopic('vigil.deadletter', 'splunk-hec'))).toHaveLength(0);
    await vi.waitFor(() => expect(harness!.service.runners[0]!.caughtUp).toBe(true), WAIT);
  }, 90_000);

  it('dead-letters the alerts of a request refused with 403, with the reason, and goes on with the next', async () => {
    fake = await startFakeHttp((req, res) => {
      const refused = events(req).some((e) => idOf(e).startsWith('alr_bad'));
      if (refused) return answer(res, 403, { text: 'Token disabled', code: 1 });
      answer(res, 200, { text: 'Success', code: 0 });
    });
    harness = await startOutputsHarness(`splunk-hec+http://127.0.0.1:${fake.port}?token_env=HEC_TOKEN&batch_size=2&${FAST}`, env);
    // One subject: one partition, so the batches are [bad, bad], [good, good], [good].
    const bad = manyAlerts(2, 'bad', 'alert-shadow-retrieval');
    const good = manyAlerts(3, 'good', 'alert-shadow-retrieval');
    await harness.publish(bad);
    await harness.publish(good);
    const topic = sinkDeadletterTopic('vigil.deadletter', 'splunk-hec');
    await vi.waitFor(() => expect(harness!.deadLetters(topic)).toHaveLength(2), WAIT);
    await vi.waitFor(async () => expect(await metric(harness!, 'vigil_output_sent_total', 'splunk-hec')).toBe(3), WAIT);
    const dls = harness.deadLetters(topic);
    expect(dls.map(deadLetterAlertId).sort()).toEqual(bad.map((a) => a.id).sort());
    for (const dl of dls) {
      expect(dl).toMatchObject({ component: 'outputs.splunk-hec', code: 'VIGIL_ERR_DELIVERY', source: { topic: 'vigil.alerts' } });
      expect(dl.reason).toMatch(/HTTP 403.*Token disabled/);
    }
    // Not retried: one request for the refused batch.
    expect(fake.requests.filter((r) => events(r).some((e) => idOf(e).startsWith('alr_bad')))).toHaveLength(1);
    expect(await metric(harness, 'vigil_output_failed_total', 'splunk-hec')).toBe(2);
  });

  it('dead-letters only the event a 400 names as invalid and resends the others of its batch', async () => {
    fake = await startFakeHttp((req, res) => {
      const i = events(req).findIndex((e) => idOf(e) === 'alr_mix_2');
      if (i >= 0) return answer(res, 400, { text: 'Invalid data format', code: 6, 'invalid-event-number': i });
      answer(res, 200, { text: 'Success', code: 0 });
    });
    harness = await startOutputsHarness(`splunk-hec+http://127.0.0.1:${fake.port}?token_env=HEC_TOKEN&batch_size=5&${FAST}`, env);
    const alerts = manyAlerts(5, 'mix', 'alert-shadow-retrieval');
    await harness.publish(alerts);
    const topic = sinkDeadletterTopic('vigil.deadletter', 'splunk-hec');
    await vi.waitFor(async () => expect(await metric(harness!, 'vigil_output_sent_total', 'splunk-hec')).toBe(4), WAIT);
    const dls = harness.deadLetters(topic);
    expect(dls.map(deadLetterAlertId)).toEqual(['alr_mix_2']);
    expect(dls[0]!.reason).toMatch(/Invalid data format/);
    expect(fake.requests.map((r) => events(r).map(idOf))).toEqual([alerts.map((a) => a.id), alerts.filter((a) => a.id !== 'alr_mix_2').map((a) => a.id)]);
  });

  it('with ack=true, waits for the indexer acknowledgement on its channel before counting a batch delivered', async () => {
    let polls = 0;
    const indexed = new Set<number>();
    let nextAck = 0;
    fake = await startFakeHttp((req, res: ServerResponse) => {
      expect(req.headers['x-splunk-request-channel']).toBe('3f0e5c4e-7b1a-4c39-9a51-0d2f7c1e8b44');
      if (req.path.startsWith('/services/collector/ack')) {
        polls++;
        const { acks } = JSON.parse(req.body) as { acks: number[] };
        // Indexed on the second poll of each ack id.
        const status = Object.fromEntries(acks.map((id) => [String(id), indexed.has(id) || (indexed.add(id), false)]));
        return answer(res, 200, { acks: status });
      }
      answer(res, 200, { text: 'Success', code: 0, ackId: nextAck++ });
    });
    harness = await startOutputsHarness(
      `splunk-hec+http://127.0.0.1:${fake.port}?token_env=HEC_TOKEN&ack=true&ack_interval=10ms&channel=3f0e5c4e-7b1a-4c39-9a51-0d2f7c1e8b44&batch_size=2&${FAST}`,
      env,
    );
    // One subject: one partition, so the four alerts are two batches of two whatever the partitioner.
    await harness.publish(manyAlerts(4, 'ack', 'alert-shadow-retrieval'));
    await vi.waitFor(async () => expect(await metric(harness!, 'vigil_output_sent_total', 'splunk-hec')).toBe(4), WAIT);
    expect(fake.requests.filter((r) => r.path === '/services/collector/event')).toHaveLength(2);
    expect(polls).toBe(4);
    expect(fake.requests.find((r) => r.path.startsWith('/services/collector/ack'))!.path).toBe(
      '/services/collector/ack?channel=3f0e5c4e-7b1a-4c39-9a51-0d2f7c1e8b44',
    );
  });

  it('resends a batch whose acknowledgement never comes, then dead-letters it when the budget is spent', async () => {
    fake = await startFakeHttp((req, res) => {
      if (req.path.startsWith('/services/collector/ack')) return answer(res, 200, { acks: { 0: false } });
      answer(res, 200, { text: 'Success', code: 0, ackId: 0 });
    });
    harness = await startOutputsHarness(
      `splunk-hec+http://127.0.0.1:${fake.port}?token_env=HEC_TOKEN&ack=true&ack_interval=10ms&ack_timeout=1s&retries=1&min_backoff=1ms&max_backoff=1ms`,
      env,
    );
    await harness.publish(manyAlerts(1, 'noack'));
    const topic = sinkDeadletterTopic('vigil.deadletter', 'splunk-hec');
    await vi.waitFor(() => expect(harness!.deadLetters(topic)).toHaveLength(1), WAIT);
    expect(harness.deadLetters(topic)[0]!.reason).toMatch(/gave up after 2 attempts: Splunk HEC: no indexer acknowledgement for ackId 0 within 1000 ms/);
    expect(fake.requests.filter((r) => r.path === '/services/collector/event')).toHaveLength(2);
  });
});
