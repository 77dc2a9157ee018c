// The formats' expected encodings (formats/fixtures/expected/), with the pinned product version swapped for
// this release so that sink tests compare against the same files the format tests do.
import { readFileSync } from 'node:fs';
import { VIGIL_VERSION } from '../formats/index.js';

const EXPECTED = new URL('../formats/fixtures/expected/', import.meta.url);
const PINNED = '0.1.0';

export function expectedText(name: string, ext: string): string {
  return readFileSync(new URL(`${name}.${ext}`, EXPECTED), 'utf8').replaceAll(PINNED, VIGIL_VERSION);
}

export function expectedFixture(name: string, ext: 'ecs.json' | 'ocsf.json'): unknown {
  return JSON.parse(expectedText(name, ext));
}
