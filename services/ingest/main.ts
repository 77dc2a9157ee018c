// Composition root of the ingest service: sources from the registry, alias map, topics; then start.
import { ConfigError, configProblems, type Settings } from '@vigil/core';
import { isEntryPoint, runStandalone, type Runtime, type Started } from '@vigil/runtime';
import { loadAliasMap, type AliasMap } from './aliases.js';
import { SOURCES } from './registry.js';
import { IngestService, type IngestDeps } from './service.js';
import { settingsProblems } from './source.js';

export function topicKeyOf(sourceName: string): string {
  return `raw${sourceName[0]!.toUpperCase()}${sourceName.slice(1)}`;
}

export interface IngestOptions {
  /** Signals handed to an in-process correlator instead of only to `vigil.signals` (see IngestDeps). */
  handOff?: IngestDeps['handOff'];
  /** What prepareIngest read (vigil start's preflight, a standalone ingest); else it is read here. */
  prepared?: IngestPrepared;
}

function enabledSources(settings: Readonly<Settings>): typeof SOURCES {
  const enabled = settings.enabledSources;
  return SOURCES.filter((s) => !enabled || enabled.includes(s.name));
}

/** What ingest reads before it connects: the alias map (the sources' settings are checked, and kept parsed). */
export interface IngestPrepared {
  aliases: AliasMap;
}

/**
 * Checks what ingest reads from its settings before anything connects (`vigil start`'s preflight and a
 * standalone ingest): source names, every configured source's settings (a CAEP key file it cannot read,
 * too), the alias file. One ConfigError naming every problem.
 */
export function prepareIngest(settings: Readonly<Settings>): IngestPrepared {
  const known = SOURCES.map((s) => s.name);
  const problems: string[] = [];
  for (const name of settings.enabledSources ?? [])
    if (!known.includes(name)) problems.push(`VIGIL_SOURCES: unknown source "${name}" (choose from ${known.join(', ')})`);
  for (const [name, values] of Object.entries(settings.sources)) {
    const source = SOURCES.find((s) => s.name === name);
    if (!source) {
      problems.push(`sources.${name}: unknown source (choose from ${known.join(', ')})`);
      continue;
    }
    problems.push(...settingsProblems(source, values));
  }
  // A source enabled without settings of its own is checked with its defaults.
  for (const source of enabledSources(settings)) if (!(source.name in settings.sources)) problems.push(...settingsProblems(source, {}));
  let aliases: AliasMap | undefined;
  problems.push(...configProblems(() => (aliases = loadAliasMap(settings.aliasesFile))));
  if (problems.length || !aliases) throw new ConfigError(problems);
  return { aliases };
}

export async function startIngest(rt: Runtime, options: IngestOptions = {}): Promise<Started & { service: IngestService }> {
  // Bad settings stop the service here, before it consumes anything.
  const { aliases } = options.prepared ?? prepareIngest(rt.settings);
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
      aliases,
      logger: rt.log('ingest'),
      metrics: rt.metrics,
      ...(options.handOff ? { handOff: options.handOff } : {}),
    },
  );
  await service.start();
  return { service, stop: () => service.stop() };
}

if (isEntryPoint(import.meta.url)) await runStandalone('ingest', prepareIngest, (rt, prepared) => startIngest(rt, { prepared }));
