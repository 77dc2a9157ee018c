// A subject's risk as the correlator keeps it (the profile `p` of the subject's record `{<subject>}` in the
// store: score `r` at time `rt`), decayed to now with the rule set's half-life (`risk.half_life` in <rulesDir>/settings.json,
// followed as the correlator reloads it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDurationMs } from '@vigil/core';
import { subjectStateKey, type Store } from '@vigil/store';

export const DEFAULT_HALF_LIFE_MS = 3_600_000;

/** The fields of the correlator's subject record this API reads. */
interface StoredRecord {
  p?: { r?: unknown; rt?: unknown };
}

export interface Risk {
  score: number;
  /** When the stored score was last raised (epoch ms of event time). */
  updated_at: string | null;
  half_life_seconds: number;
}

export async function readRisk(store: Store, subject: string, halfLifeMs: number, now = Date.now()): Promise<Risk | undefined> {
  const [rec] = await store.getMany<StoredRecord>([subjectStateKey(subject)]);
  const p = rec?.p;
  if (!p || typeof p.r !== 'number' || typeof p.rt !== 'number') return undefined;
  const decayed = p.r * Math.pow(0.5, Math.max(0, now - p.rt) / halfLifeMs);
  return { score: Math.round(decayed * 10) / 10, updated_at: new Date(p.rt).toISOString(), half_life_seconds: halfLifeMs / 1000 };
}

/**
 * The half-life the correlator uses, kept in step with it: the correlator reloads the rules folder when it
 * changes, so settings.json is read again whenever its modification time or size has changed.
 */
export function halfLifeSource(rulesDir: string): () => number {
  const file = join(rulesDir, 'settings.json');
  let stamp: string | undefined;
  let halfLifeMs = DEFAULT_HALF_LIFE_MS;
  return () => {
    const now = stampOf(file);
    if (now !== stamp) {
      stamp = now;
      halfLifeMs = halfLifeFromRules(rulesDir);
    }
    return halfLifeMs;
  };
}

function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return 'absent';
  }
}

/** The half-life the correlator uses, from the rules folder's settings.json; the default when absent or unreadable. */
export function halfLifeFromRules(rulesDir: string): number {
  const file = join(rulesDir, 'settings.json');
  if (!existsSync(file)) return DEFAULT_HALF_LIFE_MS;
  try {
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { risk?: { half_life?: unknown } };
    const v = settings.risk?.half_life;
    const ms = typeof v === 'string' || typeof v === 'number' ? parseDurationMs(v) : undefined;
    return ms && ms > 0 ? ms : DEFAULT_HALF_LIFE_MS;
  } catch {
    return DEFAULT_HALF_LIFE_MS;
  }
}
