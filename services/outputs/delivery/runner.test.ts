import { MemoryBus } from '@vigil/bus';
import { ConfigError, loadSettings } from '@vigil/core';
import { createRuntime } from '@vigil/runtime';
import { DeadLetterSchema, TOPICS } from '@vigil/schemas';
import { silentLogger } from '@vigil/telemetry';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertTopicValue } from '../alert-topic.js';
import { startOutputs } from '../main.js';
import { answer, startFakeHttp, type FakeHttp } from '../testing/fake-http.js';
import { manyAlerts, startOutputsHarness, type OutputsHarness } from '../testing/harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeHook(handler: Parameters<typeof startFakeHttp>[0]): Promise<FakeHttp> {
  const fake = await startFakeHttp(handler);
  cleanups.push(() => fake.close());
  return fake;
}

async function harnessFor(outputs: string): Promise<OutputsHarness> {
  const h = await startOutputsHarness(outputs);
  cleanups.push(() => h.stop());
  return h;
}

const ids = (f: FakeHttp): string[] => f.requests.map((r) => (JSON.parse(r.body) as { id: string }).id);

describe('outputs service', () => {
  it('dead-letters unreadable records on the alerts topic once, with the reason and the original bytes, and goes on', async () => {
    const a = await fakeHook((_r, res) => answer(res, 200, {}));
    const b = await fakeHook((_r, res) => answer(res, 200, {}));
    const h = await harnessFor(`webhook+http://127.0.0.1:${a.port}?name=a,webhook+http://127.0.0.1:${b.port}?name=b`);
    const [good] = manyAlerts(1, 'ok', 'alert-shadow-retrieval');
    await h.bus.publish([
      { topic: TOPICS.alerts, key: 'k', value: '{not json' },
      { topic: TOPICS.alerts, key: 'k', value: JSON.stringify({ event: { kind: 'alert' } }) },
      { topic: TOPICS.alerts, key: 'k', value: alertTopicValue(good!) },
    ]);
    await vi.waitFor(() => expect([ids(a), ids(b)]).toEqual([['alr_ok_0'], ['alr_ok_0']]));
    const dls = h.bus.records(TOPICS.deadletter).map((r) => DeadLetterSchema.parse(JSON.parse(r.value.toString('utf8'))));
    expect(dls.map((d) => [d.component, d.code, Buffer.from(d.value_b64, 'base64').toString('utf8')])).toEqual([
      ['outputs', 'VIGIL_ERR_PARSE', '{not json'],
      ['outputs', 'VIGIL_ERR_VALIDATION', '{"event":{"kind":"alert"}}'],
    ]);
    expect(dls[1]!.reason).toMatch(/no vigil.alert in the record/);
    const unreadable = (await h.rt.metrics.getSingleMetric('vigil_output_unreadable_total')!.get()).values;
    expect(Object.fromEntries(unreadable.map((v) => [v.labels.sink, v.value]))).toEqual({ a: 2, b: 2 });
  });

  it('a sink that is down holds back no other sink', async () => {
    const up = await fakeHook((_r, res) => answer(res, 200, {}));
    const down = await fakeHook((_r, res) => answer(res, 503, 'down for maintenance'));
    const h = await harnessFor(
      `webhook+http://127.0.0.1:${down.port}?name=down&retries=1000&min_backoff=50ms&max_backoff=50ms,webhook+http://127.0.0.1:${up.port}?name=up`,
    );
    const alerts = manyAlerts(20, 'both', 'alert-shadow-retrieval');
    await h.publish(alerts);
    await vi.waitFor(() => expect(ids(up)).toEqual(alerts.map((a) => a.id)));
    // The down sink is still on its first alert; nothing was dead-lettered yet.
    expect(new Set(ids(down))).toEqual(new Set([alerts[0]!.id]));
    expect(h.bus.records('vigil.deadletter.down')).toHaveLength(0);
  });

  it('commits only after delivery: a batch still being retried at stop is delivered after a restart', async () => {
    let healthy = false;
    const hook = await fakeHook((_r, res) => answer(res, healthy ? 200 : 503, healthy ? {} : 'busy'));
    const bus = new MemoryBus({ retryInitialMs: 5, retryMaxMs: 20 });
    const outputs = `webhook+http://127.0.0.1:${hook.port}?retries=1000&min_backoff=20ms&max_backoff=20ms`;
    const start = async () =>
      startOutputs(await createRuntime(loadSettings({ env: {}, overrides: { outputs, logLevel: 'silent' } }), { bus, logger: silentLogger() }));
    const first = await start();
    const [alert] = manyAlerts(1, 'restart', 'alert-shadow-retrieval');
    await bus.publish([{ topic: TOPICS.alerts, key: 'k', value: alertTopicValue(alert!) }]);
    await vi.waitFor(() => expect(hook.requests.length).toBeGreaterThanOrEqual(2));
    await first.stop();
    const before = hook.requests.length;
    healthy = true;
    const second = await start();
    cleanups.push(() => second.stop());
    await vi.waitFor(() => expect(hook.requests.length).toBe(before + 1));
    expect(ids(hook).at(-1)).toBe(alert!.id);
    expect(bus.records('vigil.deadletter.webhook')).toHaveLength(0);
  });

  it('fails to start with every problem of VIGIL_OUTPUTS listed', async () => {
    const rt = await createRuntime(
      loadSettings({ env: {}, overrides: { outputs: 'splunk-hec://hec?token_env=NOPE,nope://x,elasticsearch://es/UPPER,console:', logLevel: 'silent' } }),
      { bus: new MemoryBus(), logger: silentLogger() },
    );
    const err = await startOutputs(rt, { env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      expect.stringMatching(/^VIGIL_OUTPUTS\[0\] splunk-hec:\/\/hec\?token_env=NOPE: token_env: environment variable NOPE is not set$/),
      expect.stringMatching(/^VIGIL_OUTPUTS\[1\] nope:\/\/x: unknown sink nope/),
      expect.stringMatching(/^VIGIL_OUTPUTS\[2\] elasticsearch:\/\/es\/UPPER: path: /),
    ]);
  });

  it('runs the console sink by default on the in-process bus only, and never in the demo', async () => {
    const rt = async () => createRuntime(loadSettings({ env: {}, overrides: { logLevel: 'silent' } }), { bus: new MemoryBus(), logger: silentLogger() });
    const embedded = await startOutputs(await rt());
    cleanups.push(() => embedded.stop());
    expect(embedded.runners.map((r) => [r.sink.name, r.deadletterTopic])).toEqual([['console', 'vigil.deadletter.console']]);
    const demo = await startOutputs(await rt(), { defaultConsole: false });
    expect(demo.runners).toEqual([]);
    await demo.stop();
  });
});
