// The source plug-in contract: every folder under sources/ exports one Source, registered in registry.ts.
import type { z } from 'zod';
import type { ErrorCode } from '@vigil/core';
import { readSourceSettings } from './kit/settings.js';
import type { RawRef, SignalInput, SignalSource } from '@vigil/schemas';
import type { AliasMap } from './aliases.js';

/** One raw record as read from the source's topic. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer;
  headers?: Record<string, string | undefined>;
}

/** What a source may read besides the record: the alias map, its own settings, the clock. */
export interface SourceContext {
  aliases: AliasMap;
  /** Source-specific settings from config (`sources.<name>` in vigil.yaml), already defaulted. */
  settings: Record<string, unknown>;
  now: () => number;
}

/** A problem with one record or one event inside it; becomes a dead-letter record. */
export interface SourceProblem {
  code: ErrorCode;
  reason: string;
}

export interface SourceResult {
  signals: SignalInput[];
  /** Events understood but not security-relevant (e.g. non-GenAI spans): counted, not dead-lettered. */
  ignored: number;
  /** One entry per event (or the whole record) that could not be used. */
  problems: SourceProblem[];
}

export interface Source {
  /** Registry name, also the folder name: okta, otlp, entra, … */
  readonly name: string;
  /** `source` field of the signals it emits. */
  readonly signalSource: SignalSource;
  /** Default raw topic (DESIGN.md §3). */
  readonly topic: string;
  /** The schema of `sources.<name>` settings, checked at start so bad settings stop the service there. */
  readonly settingsSchema?: z.ZodType;
  /**
   * Problems the schema cannot see, found at start too (a key file that cannot be read): one line each,
   * named by setting. Given the settings as the schema parsed them.
   */
  check?(settings: unknown): string[];
  /**
   * Turns one record into signals. Must never throw: bad input is reported in `problems`
   * (the ingest service still guards against a throw and dead-letters the record).
   */
  handle(record: RawRecord, ctx: SourceContext): SourceResult | Promise<SourceResult>;
}

/**
 * What is wrong with a source's `sources.<name>` settings, one line each: the schema's issues, else what its
 * check finds. Empty when it can start. Run by the ingest service at start and by `vigil start`'s preflight.
 */
export function settingsProblems(source: Source, values: unknown): string[] {
  const read = readSourceSettings(source, values);
  if (!read.ok) return read.problems;
  return source.check?.(read.settings) ?? [];
}

export function rawRefOf(record: RawRecord): RawRef {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

export function emptyResult(): SourceResult {
  return { signals: [], ignored: 0, problems: [] };
}

export function problemResult(code: ErrorCode, reason: string): SourceResult {
  return { signals: [], ignored: 0, problems: [{ code, reason }] };
}
