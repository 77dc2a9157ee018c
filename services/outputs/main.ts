// Composition root of the outputs service: VIGIL_OUTPUTS parsed (every problem at once), then one consumer
// group per sink on `vigil.alerts`, each with its own retries, dead-letter topic and metrics.
import { ConfigError } from '@vigil/core';
import { isEntryPoint, resolveTopics, runStandalone, type Runtime, type Started } from '@vigil/runtime';
import { SinkRunner } from './delivery/runner.js';
import { parseOutputs } from './outputs-config.js';

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
}

export interface OutputsService extends Started {
  runners: readonly SinkRunner[];
}

export async function startOutputs(rt: Runtime, options: OutputsOptions = {}): Promise<OutputsService> {
  const log = rt.log('outputs');
  const sinks = parseOutputs(rt.settings.outputs, {
    env: options.env ?? process.env,
    alertsTopic: rt.topics.alerts,
    defaultConsole: (options.defaultConsole ?? true) && rt.bus.kind === 'memory',
  });
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

if (isEntryPoint(import.meta.url))
  await runStandalone('outputs', startOutputs, (settings) => {
    const { topics, problems } = resolveTopics(settings.topics);
    if (problems.length) throw new ConfigError(problems);
    parseOutputs(settings.outputs, { env: process.env, alertsTopic: topics.alerts, defaultConsole: false });
  });
