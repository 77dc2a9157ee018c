import { afterEach, describe, expect, it, vi } from 'vitest';
import { sinkDeadletterTopic } from '../delivery/dead-letters.js';
import { fixtureAlerts } from '../formats/testing/alerts.js';
import { configOf, problemsOf, readExample, sinksOf } from '../testing/config.js';
import { answer, startFakeHttp, type FakeHttp } from '../testing/fake-http.js';
import { expectedFixture } from '../testing/fixtures.js';
import { deadLetterAlertId, manyAlerts, startOutputsHarness, type OutputsHarness } from '../testing/harness.js';
import { DEFAULT_INDEX } from './config.js';
import { itemOutcome } from './deliver.js';
import { bulkBody, parseBulkResponse } from './encode.js';
import { elasticsearchSink } from './index.js';

describe('elasticsearch config', () => {
  it('reads the DESIGN.md example: HTTPS on 9200, the index from the path, ECS, index op', () => {
    const c = configOf(elasticsearchSink, 'elasticsearch://es.example:9200/vigil-alerts');
    expect(c).toMatchObject({ name: 'elasticsearch', index: 'vigil-alerts', op: 'index', format: 'ecs', auth: undefined, timeoutMs: 30_000 });
    expect(c.endpoint).toMatchObject({ protocol: 'https', host: 'es.example', port: 9200 });
    expect(c.delivery.batchSize).toBe(500);
    expect(configOf(elasticsearchSink, 'elasticsearch+http://127.0.0.1').index).toBe(DEFAULT_INDEX);
  });

  it('takes basic or API-key auth from env vars, data-stream create, a pipeline', () => {
    const basic = configOf(elasticsearchSink, 'elasticsearch://es:9200/logs-vigil-default?op=create&pipeline=vigil&username=vigil_writer&password_env=ES_PW', {
      ES_PW: 'pw-1',
    });
    expect(basic).toMatchObject({ op: 'create', pipeline: 'vigil', index: 'logs-vigil-default' });
    expect(basic.auth).toMatchObject({ kind: 'basic', username: 'vigil_writer' });
    expect(basic.auth?.kind === 'basic' && basic.auth.password.reveal()).toBe('pw-1');
    const key = configOf(elasticsearchSink, 'elasticsearch://es:9200/a?api_key_env=ES_KEY', { ES_KEY: 'k-1' });
    expect(key.auth?.kind === 'api-key' && key.auth.key.reveal()).toBe('k-1');
  });

  it('refuses bad indices, half auth, mixed auth, CEF and unknown params', () => {
    expect(problemsOf('elasticsearch://es/Vigil')).toEqual([expect.stringMatching(/path: the path names the index/)]);
    expect(problemsOf('elasticsearch://es/_bad')).toHaveLength(1);
    expect(problemsOf('elasticsearch://es/a?username=u')).toEqual([expect.stringMatching(/username: username and password_env go together/)]);
    expect(problemsOf('elasticsearch://es/a?username=u&password_env=P&api_key_env=K', { P: 'p', K: 'k' })).toEqual([
      expect.stringMatching(/api_key_env: use either/),
    ]);
    expect(problemsOf('elasticsearch://es/a?format=cef&op=upsert&password=x')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/format: expected one of ecs, ocsf, json/),
        expect.stringMatching(/op: /),
        expect.stringMatching(/unknown parameter password$/),
      ]),
    );
  });

  it('parses its example.env', () => {
    const vars = readExample('elasticsearch');
    expect(sinksOf(vars.VIGIL_OUTPUTS!, vars)[0]).toMatchObject({ type: 'elasticsearch' });
  });
});

describe('elasticsearch encode', () => {
  it('writes an action and a document line per alert, _id = alert id, ending in a newline', () => {
    const fixtures = fixtureAlerts();
    const body = bulkBody(
      fixtures.map((f) => f.alert),
      { index: 'vigil-alerts', op: 'index', format: 'ecs' },
    );
    expect(body.endsWith('\n')).toBe(true);
    const lines = body.slice(0, -1).split('\n');
    expect(lines).toHaveLength(fixtures.length * 2);
    fixtures.forEach(({ name, alert }, i) => {
      expect(JSON.parse(lines[2 * i]!)).toEqual({ index: { _index: 'vigil-alerts', _id: alert.id } });
      expect(JSON.parse(lines[2 * i + 1]!)).toEqual(expectedFixture(name, 'ecs.json'));
    });
    const ocsf = bulkBody([fixtures[0]!.alert], { index: 'x', op: 'create', format: 'ocsf' }).split('\n');
    expect(JSON.parse(ocsf[0]!)).toEqual({ create: { _index: 'x', _id: fixtures[0]!.alert.id } });
    expect(JSON.parse(ocsf[1]!)).toEqual(expectedFixture(fixtures[0]!.name, 'ocsf.json'));
  });

  it('reads per-item results and classifies them', () => {
    const parsed = parseBulkResponse(
      JSON.stringify({
        errors: true,
        items: [
          { index: { status: 201 } },
          { index: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
          { create: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'exists' } } },
          { index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [event.risk_score]' } } },
        ],
      }),
    );
    expect(parsed?.items.map((i) => itemOutcome(i, 'create'))).toEqual([
      { ok: true },
      { ok: false, retriable: true, reason: 'Elasticsearch item 429 es_rejected_execution_exception: queue full' },
      { ok: true },
      { ok: false, retriable: false, reason: 'Elasticsearch item 400 mapper_parsing_exception: failed to parse field [event.risk_score]' },
    ]);
    expect(itemOutcome({ status: 409 }, 'index')).toMatchObject({ ok: false, retriable: false });
    expect(itemOutcome({ status: 503 }, 'index')).toMatchObject({ ok: false, retriable: true });
    expect(parseBulkResponse('{"errors":false}')).toEqual({ errors: false, items: [] });
    expect(parseBulkResponse('not json')).toBeUndefined();
  });
});

describe('elasticsearch _bulk with partial failures', () => {
  let fake: FakeHttp | undefined;
  let harness: OutputsHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    await fake?.close();
    harness = fake = undefined;
  });

  it('retries only the failed items, one by one, dead-letters the 400s, loses nothing', async () => {
    /** id → how many times a document with that id was sent; the index is what a 2xx stored. */
    const attempts = new Map<string, number>();
    const index = new Map<string, unknown>();
    const bulks: string[][] = [];
    fake = await startFakeHttp((req, res) => {
      expect(req.path).toMatch(/^\/_bulk\?filter_path=/);
      expect(req.headers['content-type']).toBe('application/x-ndjson');
      expect(req.headers.authorization).toBe(`ApiKey es-key-1`);
      expect(req.body.endsWith('\n')).toBe(true);
      const lines = req.body.slice(0, -1).split('\n');
      const ids: string[] = [];
      const items = [];
      for (let i = 0; i < lines.length; i += 2) {
        const id = (JSON.parse(lines[i]!) as { index: { _id: string } }).index._id;
        ids.push(id);
        const n = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, n);
        const k = Number(id.split('_').pop());
        // Scripted per document: k % 10 = 1 → 429 twice, 2 → 503 once, 3 → 400 always; others 201.
        const status = k % 10 === 1 && n <= 2 ? 429 : k % 10 === 2 && n === 1 ? 503 : k % 10 === 3 ? 400 : 201;
        if (status === 201) index.set(id, JSON.parse(lines[i + 1]!));
        items.push({
          index:
            status === 201
              ? { status }
              : { status, error: { type: status === 400 ? 'mapper_parsing_exception' : 'es_rejected_execution_exception', reason: 'scripted' } },
        });
      }
      bulks.push(ids);
      answer(res, 200, { errors: items.some((i) => i.index.status !== 201), items });
    });
    harness = await startOutputsHarness(
      `elasticsearch+http://127.0.0.1:${fake.port}/vigil-alerts?api_key_env=ES_KEY&batch_size=20&retries=5&min_backoff=1ms&max_backoff=5ms`,
      { ES_KEY: 'es-key-1' },
    );
    const alerts = manyAlerts(100, 'es', 'alert-block-agent-endpoint');
    await harness.publish(alerts);
    const topic = sinkDeadletterTopic('vigil.deadletter', 'elasticsearch');
    const rejected = alerts.filter((_, k) => k % 10 === 3).map((a) => a.id);
    await vi.waitFor(() => expect(harness!.deadLetters(topic)).toHaveLength(rejected.length), { timeout: 30_000 });

    expect(harness.deadLetters(topic).map(deadLetterAlertId).sort()).toEqual([...rejected].sort());
    expect(harness.deadLetters(topic)[0]!.reason).toMatch(/Elasticsearch item 400 mapper_parsing_exception/);
    expect([...index.keys()].sort()).toEqual(
      alerts
        .map((a) => a.id)
        .filter((id) => !rejected.includes(id))
        .sort(),
    );
    // Nothing indexed twice, and each retry carried exactly the items that had just failed with 429 / 503.
    for (const a of alerts) {
      const k = Number(a.id.split('_').pop());
      expect(attempts.get(a.id), a.id).toBe(k % 10 === 1 ? 3 : k % 10 === 2 ? 2 : 1);
    }
    for (const ids of bulks.slice(1)) if (ids.length < 20) expect(ids.every((id) => /_(\d*[12])$/.test(id))).toBe(true);
    expect(bulks.filter((ids) => ids.length === 20)).toHaveLength(5);
  });

  it('retries a whole request answered 429 / 5xx and dead-letters one answered 401', async () => {
    let n = 0;
    fake = await startFakeHttp((_req, res) => {
      n++;
      if (n === 1) return answer(res, 503, { error: 'unavailable' }, { 'retry-after': '0' });
      if (n === 2) return answer(res, 429, { error: 'too many' });
      if (n === 3) return answer(res, 200, { errors: false, items: [{ index: { status: 201 } }] });
      answer(res, 401, { error: { type: 'security_exception', reason: 'missing authentication credentials' } });
    });
    harness = await startOutputsHarness(`elasticsearch+http://127.0.0.1:${fake.port}/a?min_backoff=1ms&max_backoff=2ms`);
    const [first, second] = manyAlerts(2, 'whole', 'alert-shadow-retrieval');
    await harness.publish([first!]);
    await vi.waitFor(() => expect(n).toBe(3));
    await harness.publish([second!]);
    const topic = sinkDeadletterTopic('vigil.deadletter', 'elasticsearch');
    await vi.waitFor(() => expect(harness!.deadLetters(topic)).toHaveLength(1));
    expect(harness.deadLetters(topic)[0]!.reason).toMatch(/^Elasticsearch _bulk HTTP 401: .*security_exception/);
    expect(n).toBe(4);
  });
});
