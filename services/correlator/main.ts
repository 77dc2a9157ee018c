// Composition root of the correlator: load the rules folder (fail at start if invalid), start the
// service, hot-reload on folder changes and SIGHUP.
import type { JWK } from 'jose';
import { ConfigError, configProblems, type Settings } from '@vigil/core';
import { envContext, isEntryPoint, runStandalone, type PrepareContext, type Runtime, type Started } from '@vigil/runtime';
import type { Decision } from '@vigil/schemas';
import { createSyncVerifier, jwksOf, loadTrustedKeys } from '@vigil/signing';
import { formatProblem, loadRules } from './rules/load.js';
import { watchRules } from './rules/watch.js';
import type { RuleSet } from './engine/rule-set.js';
import { CorrelatorService } from './service.js';

export interface CorrelatorOptions {
  onDecision?: (d: Decision) => void;
  /** Signals come from an in-process ingest (evaluateInline), not from `vigil.signals`. */
  inline?: boolean;
  /** What prepareCorrelator read (vigil start's preflight, a standalone correlator); else it is read here. */
  prepared?: CorrelatorPrepared;
}

/** What the correlator reads before it connects: the rule set, compiled, and the trusted keys of signed overrides. */
export interface CorrelatorPrepared {
  ruleSet: RuleSet;
  trustedKeys: JWK[];
}

/** Loads and compiles the rules folder and reads the trusted keys; one ConfigError naming every problem. */
export function prepareCorrelator(settings: Readonly<Settings>, ctx: PrepareContext = envContext()): CorrelatorPrepared {
  const problems: string[] = [];
  const dir = settings.rulesDir;
  const loaded = loadRules(dir);
  if (!loaded.ok) problems.push(...loaded.problems.map((p) => `${ctx.origin('rulesDir')} ${dir}: ${formatProblem(p)}`));
  let trustedKeys: JWK[] = [];
  problems.push(...configProblems(() => settings.trustedKeys && (trustedKeys = loadTrustedKeys(settings.trustedKeys))));
  if (problems.length || !loaded.ok) throw new ConfigError(problems);
  return { ruleSet: loaded.ruleSet, trustedKeys };
}

export async function startCorrelator(rt: Runtime, options: CorrelatorOptions = {}): Promise<Started & { service: CorrelatorService }> {
  const log = rt.log('correlator');
  const { ruleSet, trustedKeys } = options.prepared ?? prepareCorrelator(rt.settings);
  const service = new CorrelatorService(
    {
      groupId: rt.group('correlator'),
      signalsTopic: rt.topics.signals,
      deadletterTopic: rt.topics.deadletter,
      topics: { decisions: rt.topics.decisions, alerts: rt.topics.alerts, audit: rt.topics.audit },
      tickMs: 1000,
      inline: options.inline ?? false,
    },
    {
      bus: rt.bus,
      store: rt.store,
      logger: log,
      metrics: rt.metrics,
      signingKey: rt.signingKey,
      verify: createSyncVerifier(jwksOf(rt.signingKey, trustedKeys)),
      ruleSet,
      ...(options.onDecision ? { onDecision: options.onDecision } : {}),
    },
  );
  await service.start();
  // A reload that fails (the audit cannot be published, the folder changed under us) is logged; the previous
  // rules stay active and the next change or SIGHUP tries again.
  const reload = async (why: string): Promise<void> => {
    try {
      const next = loadRules(rt.settings.rulesDir);
      if (next.ok) {
        await service.reload(next.ruleSet);
        log.info({ why, rules: next.ruleSet.versions }, 'rules reloaded');
      } else {
        const errors = next.problems.map((p) => formatProblem(p, rt.settings.rulesDir));
        log.error({ why, errors }, 'rules reload rejected; the previous rule set stays active');
        await service.rejectReload(errors);
      }
    } catch (err) {
      log.error({ err, why }, 'rules reload failed; the previous rule set stays active');
    }
  };
  const watcher = watchRules(rt.settings.rulesDir, () => void reload('change'));
  const onHup = (): void => void reload('SIGHUP');
  process.on('SIGHUP', onHup);
  return {
    service,
    stop: async () => {
      watcher.close();
      process.off('SIGHUP', onHup);
      await service.stop();
    },
  };
}

if (isEntryPoint(import.meta.url)) await runStandalone('correlator', prepareCorrelator, (rt, prepared) => startCorrelator(rt, { prepared }));
