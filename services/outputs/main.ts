// Composition root of the outputs service: VIGIL_OUTPUTS parsed (every problem at once), then one consumer
// group per sink on `vigil.alerts`, each with its own retries, dead-letter topic and metrics.
import { ConfigError, configProblems, type Settings } from '@vigil/core';
import { envContext, isEntryPoint, resolveTopics, runStandalone, type PrepareContext, type Runtime, type Started } from '@vigil/runtime';
import { SinkRunner } from './delivery/runner.js';
import { outputsUnset, parseOutputs } from './outputs-config.js';
import type { ConfiguredSink } from './sink.js';

export interface OutputsOptions {
  /**
   * Print alerts on stdout when VIGIL_OUTPUTS is unset and the bus is in-process (default true). The demo
   * turns it off: it already prints every decision on stdout. `VIGIL_OUTPUTS=console:` turns it on anywhere.
   */
  defaultConsole?: boolean;
  /** Where `*_env` parameters are looked up (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Jitter source for retries (tests). */
  random?: () => number;
  /** What prepareOutputs read (vigil start's preflight, a standalone outputs service); else it is read here. */
  prepared?: OutputsPrepared;
}

/** VIGIL_OUTPUTS, parsed: the sinks, and whether the variable was unset (the embedded default may add the console). */
export interface OutputsPrepared {
  sinks: ConfiguredSink[];
  defaulted: boolean;
}

/** Parses VIGIL_OUTPUTS (the `*_env` parameters looked up in ctx.env); one ConfigError naming every problem. */
export function prepareOutputs(settings: Readonly<Settings>, ctx: PrepareContext = envContext()): OutputsPrepared {
  // The alerts topic's name is needed to parse the default sink: topic problems are listed with the sinks' own.
  const { topics, problems } = resolveTopics(settings.topics);
  let sinks: ConfiguredSink[] = [];
  problems.push(...configProblems(() => (sinks = parseOutputs(settings.outputs, { env: ctx.env, alertsTopic: topics.alerts, defaultConsole: false }))));
  if (problems.length) throw new ConfigError(problems);
  return {
    sinks,
    defaulted: outputsUnset(settings.outputs),
  };
}

export interface OutputsService extends Started {
  runners: readonly SinkRunner[];
}

export async function startOutputs(rt: Runtime, options: OutputsOptions = {}): Promise<OutputsService> {
  const log = rt.log('outputs');
  const env = options.env ?? process.env;
  const prepared = options.prepared ?? prepareOutputs(rt.settings, envContext(env));
  const sinks = [...prepared.sinks];
  if (prepared.defaulted && (options.defaultConsole ?? true) && rt.bus.kind === 'memory')
    sinks.push(...parseOutputs('console:', { env, alertsTopic: rt.topics.alerts, defaultConsole: false }));
  for (const s of sinks.filter((x) => x.noop)) log.info({ sink: s.name, url: s.url, reason: s.noop }, 'sink has nothing to do');
  const runners = sinks
    .filter((s) => !s.noop)
    .map(
      (sink, i) =>
        new SinkRunner(sink, {
          bus: rt.bus,
          logger: log,
          metrics: rt.metrics,
          groupId: rt.group(`outputs-${sink.name}`),
          alertsTopic: rt.topics.alerts,
          deadletterTopic: rt.topics.deadletter,
          reportUnreadable: i === 0,
          ...(options.random ? { random: options.random } : {}),
        }),
    );
  const started: SinkRunner[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((r) => r.stop()));
  };
  try {
    for (const r of runners) {
      await r.start();
      started.push(r);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  log.info({ sinks: runners.map((r) => r.sink.name) }, 'outputs started');
  return { runners, stop };
}

if (isEntryPoint(import.meta.url)) await runStandalone('outputs', prepareOutputs, (rt, prepared) => startOutputs(rt, { prepared }));
