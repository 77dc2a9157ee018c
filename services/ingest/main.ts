// Composition root of the ingest service: sources from the registry, alias map, topics; then start.
import { ConfigError, configProblems, type Settings } from '@vigil/core';
import { isEntryPoint, runStandalone, type Runtime, type Started } from '@vigil/runtime';
import { loadAliasMap } from './aliases.js';
import { SOURCES } from './registry.js';
import { IngestService, type IngestDeps } from './service.js';
import { settingsProblems } from './source.js';

export function topicKeyOf(sourceName: string): string {
  return `raw${sourceName[0]!.toUpperCase()}${sourceName.slice(1)}`;
}

export interface IngestOptions {
  /** Signals handed to an in-process correlator instead of only to `vigil.signals` (see IngestDeps). */
  handOff?: IngestDeps['handOff'];
}

function enabledSources(settings: Readonly<Settings>): typeof SOURCES {
  const enabled = settings.enabledSources;
  return SOURCES.filter((s) => !enabled || enabled.includes(s.name));
}

/** Every problem of the enabled sources' settings (schema, then each source's own check). */
export function sourceProblems(settings: Readonly<Settings>): string[] {
  return enabledSources(settings).flatMap((source) => settingsProblems(source, settings.sources[source.name] ?? {}));
}

export async function startIngest(rt: Runtime, options: IngestOptions = {}): Promise<Started & { service: IngestService }> {
  // Bad settings stop the service here, before it consumes anything (a CAEP key file it cannot read, too).
  const problems = sourceProblems(rt.settings);
  if (problems.length) throw new ConfigError(problems);
  const sources = enabledSources(rt.settings).map((source) => ({
    source,
    topic: (rt.topics as Record<string, string>)[topicKeyOf(source.name)] ?? source.topic,
    settings: rt.settings.sources[source.name] ?? {},
  }));
  const service = new IngestService(
    {
      groupId: rt.group('ingest'),
      maxRecordBytes: rt.settings.maxRecordBytes,
      maxDeadLetterValueBytes: rt.settings.maxDeadLetterBytes,
      signalsTopic: rt.topics.signals,
      deadletterTopic: rt.topics.deadletter,
      sources,
    },
    {
      bus: rt.bus,
      aliases: loadAliasMap(rt.settings.aliasesFile),
      logger: rt.log('ingest'),
      metrics: rt.metrics,
      ...(options.handOff ? { handOff: options.handOff } : {}),
    },
  );
  await service.start();
  return { service, stop: () => service.stop() };
}

if (isEntryPoint(import.meta.url))
  await runStandalone(
    'ingest',
    (rt) => startIngest(rt),
    (settings) => {
      const problems = [...sourceProblems(settings), ...configProblems(() => loadAliasMap(settings.aliasesFile))];
      if (problems.length) throw new ConfigError(problems);
    },
  );
