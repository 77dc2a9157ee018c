// Composition root of the decision API: trusted keys and API tokens from the settings, the table from
// `vigil.decisions` plus the overrides kept in the store, the SSE hub, the HTTP routes, periodic purge.
import type { Server } from 'node:http';
import type { JWK } from 'jose';
import { ConfigError, configProblems, type Settings } from '@vigil/core';
import { isEntryPoint, runStandalone, type Runtime, type Started } from '@vigil/runtime';
import type { Decision } from '@vigil/schemas';
import { createVerifier, jwksOf, loadTrustedKeys } from '@vigil/signing';
import { DecisionConsumer } from './consumer.js';
import { Authenticator } from './http/auth.js';
import type { TokenBucketOptions } from './http/rate-limit.js';
import { generateOperatorToken, parseApiTokens, type TokenEntry } from './http/tokens.js';
import { OverrideService } from './overrides/service.js';
import { halfLifeSource, readRisk } from './risk.js';
import { buildRouter, listen } from './server.js';
import { SseHub, type SseHubOptions } from './sse-hub.js';
import { DecisionTable } from './table.js';

export interface DecisionApi extends Started {
  table: DecisionTable;
  server: Server;
  consumer: DecisionConsumer;
  port: number;
  /** The operator token generated for this run, only when `revealGeneratedToken` asked for it. */
  generatedToken?: string;
}

export interface DecisionApiOptions {
  port?: number;
  onDecision?: (d: Decision) => void;
  /**
   * Without VIGIL_API_TOKENS an operator token is generated at start. Only the embedded demo sets this:
   * the token is then logged once (warn) and returned, so the demo can print it in its banner.
   */
  revealGeneratedToken?: boolean;
  /** Risk half-life for the subject view; default: the rules folder's settings.json (read again when it changes), else 1h. */
  riskHalfLifeMs?: number;
  limits?: { read?: TokenBucketOptions; write?: TokenBucketOptions };
  stream?: SseHubOptions;
  /** What prepareDecisionApi read (vigil start's preflight, a standalone API); else it is read here. */
  prepared?: DecisionApiPrepared;
}

/** What the decision API reads before it connects: its API tokens and the trusted keys of decisions. */
export interface DecisionApiPrepared {
  tokens: TokenEntry[];
  trustedKeys: JWK[];
}

/** Parses VIGIL_API_TOKENS and reads VIGIL_TRUSTED_KEYS; one ConfigError naming every problem of both. */
export function prepareDecisionApi(settings: Readonly<Pick<Settings, 'apiTokens' | 'trustedKeys'>>): DecisionApiPrepared {
  let tokens: TokenEntry[] = [];
  let trustedKeys: JWK[] = [];
  const problems = [
    ...configProblems(() => settings.apiTokens && (tokens = parseApiTokens(settings.apiTokens))),
    ...configProblems(() => settings.trustedKeys && (trustedKeys = loadTrustedKeys(settings.trustedKeys))),
  ];
  if (problems.length) throw new ConfigError(problems);
  return { tokens, trustedKeys };
}

export async function startDecisionApi(rt: Runtime, options: DecisionApiOptions = {}): Promise<DecisionApi> {
  const log = rt.log('decision-api');
  const prepared = options.prepared ?? prepareDecisionApi(rt.settings);
  const jwks = jwksOf(rt.signingKey, prepared.trustedKeys);
  const verify = createVerifier(jwks);
  const tokens = [...prepared.tokens];
  let generatedToken: string | undefined;
  if (!tokens.length) {
    const generated = generateOperatorToken();
    tokens.push(generated.entry);
    if (options.revealGeneratedToken) {
      generatedToken = generated.token;
      // The demo prints the token on stdout itself; logs (which get shipped) never carry a secret.
      log.warn('no VIGIL_API_TOKENS: generated an operator token for this run (embedded demo only, printed on stdout)');
    } else log.warn('no VIGIL_API_TOKENS: the admin API is closed (a random operator token was generated and not shown); set VIGIL_API_TOKENS to use it');
  }
  const auth = new Authenticator(tokens, rt.settings.gatewaySecret);

  const table = new DecisionTable();
  const hub = new SseHub(options.stream);
  table.listen((d) => hub.publish(d));
  if (options.onDecision) table.listen(options.onDecision);

  const fixedHalfLife = options.riskHalfLifeMs;
  const halfLifeMs = fixedHalfLife === undefined ? halfLifeSource(rt.settings.rulesDir) : () => fixedHalfLife;
  const riskOf = (subject: string) => readRisk(rt.store, subject, halfLifeMs());
  const overrides = new OverrideService({
    bus: rt.bus,
    store: rt.store,
    table,
    signingKey: rt.signingKey,
    verify,
    topics: { decisions: rt.topics.decisions, audit: rt.topics.audit },
    riskOf: async (s) => (await riskOf(s))?.score ?? 0,
    logger: log,
    metrics: rt.metrics,
  });
  const consumer = new DecisionConsumer(rt.topics.decisions, rt.settings.groupPrefix, { bus: rt.bus, table, verify, logger: log, metrics: rt.metrics });
  await consumer.start();
  // After the consumer has made sure the topic exists: restored overrides are published to it again.
  const restored = await overrides.restore();
  if (restored) log.info({ restored }, 'active overrides restored from the store');
  const router = buildRouter({
    table,
    metrics: rt.metrics,
    logger: log,
    jwks: () => jwks,
    ready: () => ({ ready: consumer.ready, details: { subjects: table.size, stream_clients: hub.size } }),
    auth,
    overrides,
    riskOf,
    hub,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const server = await listen(router, rt.settings.httpHost, options.port ?? rt.settings.httpPort, log).catch(async (err: unknown) => {
    await consumer.stop();
    throw err;
  });
  const purge = setInterval(() => table.purge(), 30_000);
  purge.unref();
  const address = server.address();
  return {
    table,
    server,
    consumer,
    port: typeof address === 'object' && address ? address.port : 0,
    ...(generatedToken ? { generatedToken } : {}),
    stop: async () => {
      clearInterval(purge);
      hub.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await consumer.stop();
    },
  };
}

if (isEntryPoint(import.meta.url)) await runStandalone('decision-api', prepareDecisionApi, (rt, prepared) => startDecisionApi(rt, { prepared }));
