// @vigil/ingest: vendor events → canonical signals.
export { prepareIngest, startIngest, type IngestPrepared } from './main.js';
export { IngestService, type IngestConfig } from './service.js';
export { SOURCES, sourceByName } from './registry.js';
export { processRecord, type ProcessOutput } from './process.js';
export { createAliasMap, loadAliasMap, type AliasMap, type AliasFile } from './aliases.js';
export { settingsProblems } from './source.js';
export type { Source, RawRecord, SourceContext, SourceResult } from './source.js';
