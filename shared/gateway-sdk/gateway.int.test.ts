// The gateway SDK on a real Kafka-protocol cluster (librdkafka's mock): decisions signed with a foreign
// key or unsigned are ignored by the SDK and by the decision API alike, expiry is honoured, and a
// fail-closed gateway blocks once it has lost the stream longer than its staleAfterMs.
import { type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KafkaBus } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { startDecisionApi, type DecisionApi } from '@vigil/decision-api';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { SIGNATURE_HEADER, type Decision } from '@vigil/schemas';
import { generateSigningKey, jwksOf, signDetached, type SigningKey } from '@vigil/signing';
import { silentLogger } from '@vigil/telemetry';
import { startKafkaCluster, type KafkaCluster } from '../../test/helpers/kafka-cluster.js';
import { createTopics, sharedKafka, TEST_KAFKA_RETRY, uniqueTopic, testKafka } from '../../test/helpers/kafka.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { VigilGateway } from './index.js';

function block(subject: string, ttlMs = 600_000): Decision {
  const now = Date.now();
  return {
    v: 1,
    id: `dec_${subject}_${now}`,
    subject,
    action: 'block',
    reason: 'int test',
    rule: { id: 'r3-compromised-endpoint', version: '1' },
    risk: 90,
    severity: 'critical',
    evidence: [],
    issued_at: new Date(now).toISOString(),
    expires_at: new Date(now + ttlMs).toISOString(),
    mode: 'enforce',
  };
}

async function send(producer: Producer, topic: string, d: Decision, key: SigningKey | undefined): Promise<void> {
  const value = Buffer.from(JSON.stringify(d));
  await producer.send({ topic, messages: [{ key: d.subject, value, headers: key ? { [SIGNATURE_HEADER]: await signDetached(value, key) } : {} }] });
}

describe('gateway SDK and decision API on Kafka', () => {
  const topic = uniqueTopic('vigil.decisions');
  const kafka = testKafka('sdk-int', { retry: TEST_KAFKA_RETRY });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let rt: Runtime;
  let api: DecisionApi;
  let gateway: VigilGateway;
  const drops: string[] = [];

  beforeAll(async () => {
    await createTopics(sharedKafka(), [topic], 2);
    await producer.connect();
    const bus = new KafkaBus({ brokers: inject('kafkaBrokers'), clientId: 'sdk-int-api', retry: TEST_KAFKA_RETRY, maxWaitTimeMs: 200, logger: silentLogger() });
    rt = await createRuntime(
      loadSettings({ env: {}, overrides: { topics: { decisions: topic }, logLevel: 'silent', apiTokens: 'viewer:sdk-int-viewer-token-01' } }),
      { bus, logger: silentLogger() },
    );
    api = await startDecisionApi(rt, { port: 0 });
    // A record already on the topic before the gateway starts: it must be read as backlog.
    await send(producer, topic, block('user:early@acme.example'), rt.signingKey);
    gateway = new VigilGateway({
      brokers: inject('kafkaBrokers'),
      topic,
      keys: { jwksUrl: `http://127.0.0.1:${api.port}/.well-known/jwks.json` },
      maxWaitTimeMs: 200,
      kafka: { retry: TEST_KAFKA_RETRY },
      onDrop: (d) => drops.push(d.reason),
    });
    await gateway.start();
    await gateway.caughtUp();
  });

  afterAll(async () => {
    await gateway?.stop();
    await api?.stop();
    await rt?.close();
    await producer.disconnect();
  });

  it('reads the backlog, applies signed decisions and ignores foreign-signed and unsigned ones', async () => {
    expect(gateway.check({ user: 'early@acme.example' }).action).toBe('block');
    const foreign = await generateSigningKey();
    await send(producer, topic, block('user:forged@acme.example'), foreign);
    await send(producer, topic, block('user:unsigned@acme.example'), undefined);
    await send(producer, topic, block('user:genuine@acme.example'), rt.signingKey);

    await waitFor(() => gateway.check({ user: 'genuine@acme.example' }).action === 'block', { message: 'SDK applies the signed decision' });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${api.port}/v1/check?user=genuine@acme.example`)).status === 403, { message: 'API applies it' });
    // The genuine record came last on its partition or the other; both drops must have been counted.
    await waitFor(() => gateway.stats().dropped.forged === 1 && gateway.stats().dropped.unsigned === 1, { message: `SDK drops: ${drops.join(',')}` });
    expect(gateway.check({ user: 'forged@acme.example' })).toMatchObject({ action: 'allow', degraded: false });
    expect(gateway.check({ user: 'unsigned@acme.example' }).action).toBe('allow');
    for (const user of ['forged@acme.example', 'unsigned@acme.example'])
      expect((await fetch(`http://127.0.0.1:${api.port}/v1/check?user=${user}`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${api.port}/metrics`, { headers: { authorization: 'Bearer sdk-int-viewer-token-01' } })).text();
    expect(metrics).toMatch(/vigil_api_decisions_rejected_total\{reason="forged"\} 1/);
    expect(metrics).toMatch(/vigil_api_decisions_rejected_total\{reason="unsigned"\} 1/);
  });

  it('honours expiry: a block ends when its expires_at passes', async () => {
    await send(producer, topic, block('user:brief@acme.example', 3000), rt.signingKey);
    await waitFor(() => gateway.check({ user: 'brief@acme.example' }).action === 'block', { message: 'block arrives' });
    await waitFor(() => gateway.check({ user: 'brief@acme.example' }).action === 'allow', { message: 'block expires in the SDK' });
    expect((await fetch(`http://127.0.0.1:${api.port}/v1/check?user=brief@acme.example`)).status).toBe(200);
  });
});

describe('gateway SDK when the stream is lost', () => {
  let cluster: KafkaCluster;
  let gateway: VigilGateway;

  beforeAll(async () => {
    // A private cluster: this test takes its broker down, which the shared one must never see.
    cluster = await startKafkaCluster({ brokers: 1 });
    await cluster.createTopic('vigil.decisions', 1);
  });
  afterAll(async () => {
    await gateway?.stop().catch(() => undefined);
    await cluster?.stop();
  });

  it('fails closed once no fetch has reached Kafka for longer than staleAfterMs, and recovers', async () => {
    const key = await generateSigningKey();
    gateway = new VigilGateway({
      brokers: cluster.bootstrap,
      keys: { jwks: jwksOf(key) },
      failMode: 'closed',
      staleAfterMs: 1500,
      maxWaitTimeMs: 200,
      kafka: { retry: { initialRetryTime: 100, retries: 1000, maxRetryTime: 500 } },
    });
    await gateway.start();
    await gateway.caughtUp();
    await waitFor(() => !gateway.stale(), { message: 'stream healthy' });
    expect(gateway.check({ user: 'carol@acme.example' })).toMatchObject({ action: 'allow', degraded: false });

    await cluster.brokerDown(1);
    const closed = await waitFor(
      () => {
        const v = gateway.check({ user: 'carol@acme.example' });
        return v.degraded ? v : undefined;
      },
      { message: 'gateway notices the lost stream' },
    );
    expect(closed).toMatchObject({ action: 'block', reason: expect.stringMatching(/fail-closed/) });
    expect(gateway.stats().stale).toBe(true);

    await cluster.brokerUp(1);
    await waitFor(() => !gateway.check({ user: 'carol@acme.example' }).degraded, { timeoutMs: 30_000, message: 'gateway recovers once fetches succeed again' });
    expect(gateway.check({ user: 'carol@acme.example' }).action).toBe('allow');
  });
});
