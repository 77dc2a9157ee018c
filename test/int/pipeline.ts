// Builds separate Vigil instances (ingest, correlator, decision API) on the shared mock Kafka cluster
// with Redis state, as a scaled-out deployment would run them.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { KafkaBus, type Bus } from '@vigil/bus';
import { loadSettings } from '@vigil/core';
import { createRuntime, type Runtime } from '@vigil/runtime';
import { silentLogger } from '@vigil/telemetry';
import { inject } from 'vitest';
import { TEST_KAFKA_RETRY, type TestTopics } from '../helpers/kafka.js';

export interface PipelineEnv {
  topics: TestTopics;
  groupPrefix: string;
  redisPrefix: string;
  signingKey: string;
  rulesDir?: string;
}

export async function newPipelineEnv(topics: TestTopics, redisPrefix: string, rulesDir?: string): Promise<PipelineEnv> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { topics, redisPrefix, groupPrefix: `g${randomBytes(4).toString('hex')}`, signingKey: JSON.stringify(jwk), ...(rulesDir ? { rulesDir } : {}) };
}

export function kafkaBus(name: string): KafkaBus {
  return new KafkaBus({
    brokers: inject('kafkaBrokers'),
    clientId: `test-${name}`,
    retry: TEST_KAFKA_RETRY,
    maxWaitTimeMs: 200,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 500,
    logger: silentLogger(),
  });
}

/** One Vigil process: its own Kafka clients, Redis connection and settings. */
export async function instance(env: PipelineEnv, name: string, bus: Bus = kafkaBus(name), extra: Record<string, unknown> = {}): Promise<Runtime> {
  const settings = loadSettings({
    env: {},
    overrides: {
      kafkaBrokers: inject('kafkaBrokers'),
      redisUrl: inject('redisUrl'),
      redisPrefix: env.redisPrefix,
      groupPrefix: env.groupPrefix,
      signingKey: env.signingKey,
      topics: env.topics,
      httpPort: 0,
      logLevel: 'silent',
      ...(env.rulesDir ? { rulesDir: env.rulesDir } : {}),
      ...extra,
    },
  });
  return createRuntime(settings, { bus, logger: silentLogger() });
}
