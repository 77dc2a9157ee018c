// Vigil's settings: every VIGIL_* variable and the optional config file (`--config vigil.yaml`), validated
// once with every problem listed; env wins over the file. docs/configuration.md documents each key.
import { z } from 'zod';
import { envOverlay, parseConfig, readConfigFile } from './config.js';
import { parseRedisUrl } from './redis-url.js';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const port = z.coerce.number().int().min(0).max(65535);

/** One server (`redis://`, `rediss://`) or Redis Cluster seed nodes (`redis+cluster://h1:p1,h2:p2`). */
function isRedisUrl(s: string): boolean {
  try {
    const target = parseRedisUrl(s);
    return target.kind === 'cluster' || (URL.canParse(s) && /^rediss?:$/.test(new URL(s).protocol) && new URL(s).hostname !== '');
  } catch {
    return false;
  }
}

export const SettingsSchema = z.strictObject({
  kafkaBrokers: z
    .union([csv, z.array(z.string())])
    .optional()
    .describe('VIGIL_KAFKA_BROKERS: comma list; unset = in-process bus'),
  kafkaClientId: z.string().default('vigil'),
  kafkaSessionTimeoutMs: z.coerce
    .number()
    .int()
    .min(6000)
    .max(300_000)
    .default(30_000)
    .describe('VIGIL_KAFKA_SESSION_TIMEOUT_MS: how long a consumer that stopped answering (killed, partitioned) keeps its partitions'),
  redisUrl: z
    .string()
    .refine(isRedisUrl, 'expected redis://host:port, rediss://host:port or redis+cluster://host1:port1,host2:port2')
    .optional()
    .describe('VIGIL_REDIS_URL: unset = in-memory state; redis+cluster:// (rediss+cluster://) = Redis Cluster seed nodes'),
  redisPrefix: z.string().default('vigil:'),
  rulesDir: z.string().default('rules'),
  httpHost: z.string().default('127.0.0.1'),
  httpPort: port.default(8080),
  signingKey: z.string().optional(),
  /** VIGIL_TRUSTED_KEYS: a JWKS (inline JSON or a file path) of extra public keys that verify decisions (rotation). */
  trustedKeys: z.string().optional(),
  apiTokens: z.string().optional(),
  gatewaySecret: z.string().min(16, 'VIGIL_GATEWAY_SECRET must be at least 16 characters').optional(),
  outputs: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  aliasesFile: z.string().optional(),
  maxRecordBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  maxDeadLetterBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024)
    .describe('VIGIL_MAX_DEADLETTER_BYTES: original bytes kept in a dead-letter record (the rest is cut; length and sha256 always)'),
  inlineCorrelation: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(false)
    .describe('VIGIL_INLINE_CORRELATION: ingest hands signals to the correlator in process (one instance only)'),
  groupPrefix: z.string().default('vigil'),
  /** Topic name overrides (file only): { signals: "acme.vigil.signals", … } */
  topics: z.record(z.string(), z.string().min(1)).default({}),
  /** Per-source settings (file only): { otlp: { encoding: "otlp_json" }, caep: { issuers: [...] } } */
  sources: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Sources to run (default: all). */
  enabledSources: z.union([csv, z.array(z.string())]).optional(),
});

export type Settings = z.output<typeof SettingsSchema>;

export const SETTINGS_ENV: Record<string, keyof Settings> = {
  VIGIL_KAFKA_BROKERS: 'kafkaBrokers',
  VIGIL_KAFKA_CLIENT_ID: 'kafkaClientId',
  VIGIL_KAFKA_SESSION_TIMEOUT_MS: 'kafkaSessionTimeoutMs',
  VIGIL_REDIS_URL: 'redisUrl',
  VIGIL_REDIS_PREFIX: 'redisPrefix',
  VIGIL_RULES_DIR: 'rulesDir',
  VIGIL_HTTP_HOST: 'httpHost',
  VIGIL_HTTP_PORT: 'httpPort',
  VIGIL_SIGNING_KEY: 'signingKey',
  VIGIL_TRUSTED_KEYS: 'trustedKeys',
  VIGIL_API_TOKENS: 'apiTokens',
  VIGIL_GATEWAY_SECRET: 'gatewaySecret',
  VIGIL_OUTPUTS: 'outputs',
  VIGIL_LOG_LEVEL: 'logLevel',
  VIGIL_ALIASES_FILE: 'aliasesFile',
  VIGIL_MAX_RECORD_BYTES: 'maxRecordBytes',
  VIGIL_MAX_DEADLETTER_BYTES: 'maxDeadLetterBytes',
  VIGIL_GROUP_PREFIX: 'groupPrefix',
  VIGIL_INLINE_CORRELATION: 'inlineCorrelation',
  VIGIL_SOURCES: 'enabledSources',
};

/** Reads settings from the env and an optional file; throws one ConfigError listing every problem. */
export function loadSettings(
  options: { env?: NodeJS.ProcessEnv; file?: string; overrides?: Partial<Record<keyof Settings, unknown>> } = {},
): Readonly<Settings> {
  const fromFile = options.file ? readConfigFile(options.file) : {};
  const fromEnv = envOverlay(options.env ?? process.env, SETTINGS_ENV as Record<string, string>);
  return parseConfig(SettingsSchema, { ...fromFile, ...fromEnv, ...options.overrides });
}
