// Every ingest source, one line each. Adding a source is one folder under sources/ plus one line here.
import type { Source } from './source.js';
import { oktaSource } from './sources/okta/index.js';

export const SOURCES: readonly Source[] = [
  oktaSource,
];

export function sourceByName(name: string): Source | undefined {
  return SOURCES.find((s) => s.name === name);
}
