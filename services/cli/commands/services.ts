// Starting a selection of services on one runtime, and stopping them in reverse order.
import { startCorrelator, type CorrelatorPrepared } from '@vigil/correlator';
import { startDecisionApi, type DecisionApiPrepared } from '@vigil/decision-api';
import { startIngest, type IngestPrepared } from '@vigil/ingest';
import { startOutputs, type OutputsOptions, type OutputsPrepared } from '@vigil/outputs';
import { ConfigError } from '@vigil/core';
import type { Runtime, Started } from '@vigil/runtime';
import type { Decision } from '@vigil/schemas';

export const SERVICE_NAMES = ['ingest', 'correlator', 'api', 'outputs'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function parseOnly(value: string | undefined): ServiceName[] {
  if (!value) return [...SERVICE_NAMES];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SERVICE_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new ConfigError([`--only: unknown service ${unknown.join(', ')} (choose from ${SERVICE_NAMES.join(', ')})`]);
  if (!names.length) throw new ConfigError([`--only: name at least one service (${SERVICE_NAMES.join(', ')})`]);
  return names as ServiceName[];
}

/** What the services' prepare steps read (the preflight's result); a service missing here reads its own. */
export interface Prepared {
  api?: DecisionApiPrepared | undefined;
  outputs?: OutputsPrepared | undefined;
  correlator?: CorrelatorPrepared | undefined;
  ingest?: IngestPrepared | undefined;
}

export interface StartOptions {
  port?: number;
  onDecision?: (d: Decision) => void;
  /** The embedded demo shows the operator token generated when VIGIL_API_TOKENS is unset. */
  revealGeneratedToken?: boolean;
  outputs?: OutputsOptions;
  prepared?: Prepared;
}

export async function startServices(
  rt: Runtime,
  names: readonly ServiceName[],
  options: StartOptions = {},
): Promise<Started & { apiPort?: number; apiToken?: string }> {
  const started: Started[] = [];
  let apiPort: number | undefined;
  let apiToken: string | undefined;
  // Consumers of downstream topics first, so nothing the pipeline publishes is missed.
  const prepared = options.prepared ?? {};
  if (names.includes('outputs')) started.push(await startOutputs(rt, { ...options.outputs, ...(prepared.outputs ? { prepared: prepared.outputs } : {}) }));
  if (names.includes('api')) {
    const api = await startDecisionApi(rt, {
      ...(prepared.api ? { prepared: prepared.api } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.onDecision ? { onDecision: options.onDecision } : {}),
      revealGeneratedToken: options.revealGeneratedToken ?? false,
    });
    apiPort = api.port;
    apiToken = api.generatedToken;
    started.push(api);
  }
  // Inline correlation (one instance only): ingest hands each raw batch's signals to the correlator in
  // process, one Kafka hop instead of two; vigil.signals is still written, but not read.
  const inline = rt.settings.inlineCorrelation && names.includes('correlator') && names.includes('ingest');
  if (rt.settings.inlineCorrelation && !inline) rt.log('cli').warn('VIGIL_INLINE_CORRELATION needs ingest and correlator in one process; ignored');
  let correlator: Awaited<ReturnType<typeof startCorrelator>> | undefined;
  if (names.includes('correlator'))
    started.push((correlator = await startCorrelator(rt, { inline, ...(prepared.correlator ? { prepared: prepared.correlator } : {}) })));
  if (names.includes('ingest')) {
    const service = correlator?.service;
    started.push(
      await startIngest(rt, {
        ...(prepared.ingest ? { prepared: prepared.ingest } : {}),
        ...(inline && service ? { handOff: (signals, records) => service.evaluateInline(signals, records) } : {}),
      }),
    );
  }
  return {
    ...(apiPort !== undefined ? { apiPort } : {}),
    ...(apiToken !== undefined ? { apiToken } : {}),
    stop: async () => {
      for (const s of started.reverse()) await s.stop();
    },
  };
}
