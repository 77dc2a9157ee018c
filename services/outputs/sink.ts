// The sink plug-in contract. A sink is a folder (config, encode, deliver, tests, example) registered in one
// line in registry.ts; the delivery runner (delivery/) gives every sink the same retries, dead-letters and
// metrics, so a sink only says how to reach its SIEM and how each alert fared.
import type { Bus } from '@vigil/bus';
import type { Alert } from '@vigil/schemas';
import type { Logger } from '@vigil/telemetry';
import type { z } from 'zod';
import type { DeliverySettings } from './kit/delivery-params.js';
import { redactSinkUrl, type SinkUrl } from './kit/sink-url.js';

/** How one alert of a delivery fared. `retriable: false` sends it to the sink's dead-letter topic at once. */
export type ItemOutcome = { ok: true } | { ok: false; retriable: boolean; reason: string; retryAfterMs?: number };

export interface DeliverContext {
  /** Aborted when the service stops: give up quickly, the batch is redelivered after a restart. */
  signal: AbortSignal;
  /** Call while waiting for a slow acknowledgement so the consumer keeps its partitions. */
  heartbeat(): Promise<void>;
}

export interface SinkTransport {
  /**
   * Delivers up to `batch_size` alerts; resolves with one outcome per alert, in order. Throwing means the
   * whole delivery failed: retried when the error is retriable (`VigilError` VIGIL_ERR_DELIVERY), else
   * dead-lettered.
   */
  deliver(alerts: readonly Alert[], ctx: DeliverContext): Promise<ItemOutcome[]>;
  close(): Promise<void>;
}

export interface SinkDeps {
  bus: Bus;
  logger: Logger;
}

/** What the config step needs besides the URL: the env that `*_env` params name, and topic names. */
export interface ConfigContext {
  env: Readonly<Record<string, string | undefined>>;
  alertsTopic: string;
}

/** Every sink's parsed config carries its name and delivery settings. */
export interface SinkConfigBase {
  name: string;
  delivery: DeliverySettings;
  /** Set when the sink has nothing to do (a `kafka:` sink writing what the correlator already writes). */
  noop?: string;
}

/** A sink URL that parsed: its settings, and how to build its transport. Holds no generic types. */
export interface ConfiguredSink {
  type: string;
  /** The URL as written in VIGIL_OUTPUTS: safe to log, secrets are only ever named (`*_env`). */
  url: string;
  name: string;
  delivery: DeliverySettings;
  noop: string | undefined;
  create(deps: SinkDeps): SinkTransport;
}

export interface SinkPlugin {
  readonly type: string;
  /** URL schemes answered, e.g. `splunk-hec`, `splunk-hec+https`, `splunk-hec+http`. */
  readonly schemes: readonly string[];
  configure(url: SinkUrl, ctx: ConfigContext): { ok: true; sink: ConfiguredSink } | { ok: false; problems: string[] };
}

export interface SinkDefinition<C extends SinkConfigBase> {
  type: string;
  schemes: readonly string[];
  /** The config schema over a parsed SinkUrl: the documentation of every parameter, unknown ones rejected. */
  schema(ctx: ConfigContext): z.ZodType<C>;
  create(config: C, deps: SinkDeps): SinkTransport;
}

/** Binds a sink's config type to its transport so the registry can hold every sink in one list. */
export function defineSink<C extends SinkConfigBase>(def: SinkDefinition<C>): SinkPlugin & { readonly definition: SinkDefinition<C> } {
  return {
    type: def.type,
    schemes: def.schemes,
    definition: def,
    configure(url, ctx) {
      const parsed = def.schema(ctx).safeParse(url);
      if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(describeIssue) };
      const config = parsed.data;
      return {
        ok: true,
        sink: {
          type: def.type,
          url: redactSinkUrl(url.text),
          name: config.name,
          delivery: config.delivery,
          noop: config.noop,
          create: (deps) => def.create(config, deps),
        },
      };
    },
  };
}

function describeIssue(i: z.core.$ZodIssue): string {
  const path = i.path.filter((p) => p !== 'params').join('.');
  if (i.code === 'unrecognized_keys') return `unknown parameter${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
  return path ? `${path}: ${i.message}` : i.message;
}
