// The shared infrastructure of a Vigil process, built once from Settings: the bus (in-memory unless
// VIGIL_KAFKA_BROKERS), the store (in-memory unless VIGIL_REDIS_URL), logger, metrics, signing key.
import { KafkaBus, MemoryBus, type Bus } from '@vigil/bus';
import { ConfigError, type Settings } from '@vigil/core';
import { generateSigningKey, loadSigningKey, type SigningKey } from '@vigil/signing';
import { MemoryStore, RedisStore, type Store } from '@vigil/store';
import { componentLogger, createLogger, createMetricsRegistry, startOtel, stopOtel, type Logger, type Registry } from '@vigil/telemetry';
import { applyTestHooks } from './test-hooks.js';
import { resolveTopics, type Topics } from './topics.js';

export type { Topics };

export interface Runtime {
  settings: Readonly<Settings>;
  bus: Bus;
  store: Store;
  logger: Logger;
  metrics: Registry;
  signingKey: SigningKey;
  topics: Topics;
  /** Consumer group of a service: `<groupPrefix>-<service>`. */
  group(service: string): string;
  log(component: string): Logger;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Shared in-memory bus / store to reuse (tests, the embedded demo). */
  bus?: Bus;
  store?: Store;
  /** The signing key, already loaded (by `vigil start`'s preflight); else read from settings.signingKey. */
  signingKey?: SigningKey;
}

export async function createRuntime(settings: Readonly<Settings>, options: RuntimeOptions = {}): Promise<Runtime> {
  // Everything that can be wrong in the config is checked before anything is connected.
  const { topics, problems } = resolveTopics(settings.topics);
  if (problems.length) throw new ConfigError(problems);
  const signingKey = options.signingKey ?? (settings.signingKey ? await loadSigningKey(settings.signingKey) : await generateSigningKey());
  const logger = options.logger ?? createLogger({ level: settings.logLevel });
  if (startOtel('vigil'))
    logger.info(
      { exporter: process.env.OTEL_TRACES_EXPORTER ?? 'otlp', endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT },
      'exporting Vigil traces (OTEL_* settings)',
    );
  const log = (c: string): Logger => componentLogger(logger, c);
  const bus = applyTestHooks(
    options.bus ??
      (settings.kafkaBrokers?.length
        ? new KafkaBus({
            brokers: [...settings.kafkaBrokers],
            clientId: settings.kafkaClientId,
            sessionTimeoutMs: settings.kafkaSessionTimeoutMs,
            // Three heartbeats per session at least, as Kafka recommends (kafkajs's 3 s default up to 9 s sessions).
            heartbeatIntervalMs: Math.min(3000, Math.floor(settings.kafkaSessionTimeoutMs / 3)),
            logger: log('kafka'),
          })
        : new MemoryBus({ logger: log('bus') })),
  );
  let store = options.store;
  if (!store) {
    if (settings.redisUrl) {
      const redisLog = log('redis');
      const redis = new RedisStore({
        url: settings.redisUrl,
        prefix: settings.redisPrefix,
        onError: (err) => redisLog.warn({ err: err.message }, 'redis connection error'),
      });
      await redis.connect();
      store = redis;
    } else store = new MemoryStore();
  }
  if (signingKey.ephemeral)
    log('signing').warn(
      { kid: signingKey.kid },
      'no VIGIL_SIGNING_KEY: signing decisions with an ephemeral key (fine for the embedded demo; set a key in production)',
    );
  return {
    settings,
    bus,
    store,
    logger,
    metrics: createMetricsRegistry({ defaultMetrics: true }),
    signingKey,
    topics,
    group: (service) => `${settings.groupPrefix}-${service}`,
    log,
    close: async () => {
      await bus.close();
      await store.close();
      await stopOtel();
    },
  };
}
