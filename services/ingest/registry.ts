// Every ingest source, one line each. Adding a source is one folder under sources/ plus one line here.
import type { Source } from './source.js';
import { caepSource } from './sources/caep/index.js';
import { crowdstrikeSource } from './sources/crowdstrike/index.js';
import { defenderSource } from './sources/defender/index.js';
import { entraSource } from './sources/entra/index.js';
import { ocsfSource } from './sources/ocsf/index.js';
import { oktaSource } from './sources/okta/index.js';
import { otlpSource } from './sources/otlp/index.js';
import { signalsSource } from './sources/signals/index.js';

export const SOURCES: readonly Source[] = [otlpSource, oktaSource, entraSource, caepSource, crowdstrikeSource, defenderSource, ocsfSource, signalsSource];

export function sourceByName(name: string): Source | undefined {
  return SOURCES.find((s) => s.name === name);
}
