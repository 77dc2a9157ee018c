// Alerts → a `_bulk` request body: an action line and a document line per alert, NDJSON ending in a newline
// (Elasticsearch rejects a body without the final one). `_id` is the alert id, so a resend overwrites
// (`op=index`) or is refused as a conflict (`op=create`) instead of duplicating. Pure.
import type { Alert } from '@vigil/schemas';
import type { AlertFormat } from '../formats/index.js';
import { alertPayload } from '../kit/payload.js';

export function bulkBody(alerts: readonly Alert[], o: { index: string; op: 'index' | 'create'; format: AlertFormat }): string {
  let body = '';
  for (const a of alerts) body += `${JSON.stringify({ [o.op]: { _index: o.index, _id: a.id } })}\n${JSON.stringify(alertPayload(a, o.format))}\n`;
  return body;
}

export interface BulkItemResult {
  status: number;
  error?: string;
}

/** The per-item results of a `_bulk` answer, in request order; undefined when the answer is not one. */
export function parseBulkResponse(body: string): { errors: boolean; items: BulkItemResult[] } | undefined {
  let v: { errors?: unknown; items?: unknown };
  try {
    v = JSON.parse(body) as typeof v;
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || typeof v.errors !== 'boolean') return undefined;
  if (!Array.isArray(v.items)) return { errors: v.errors, items: [] };
  const items: BulkItemResult[] = [];
  for (const entry of v.items as unknown[]) {
    const result = entry && typeof entry === 'object' ? (Object.values(entry)[0] as { status?: unknown; error?: unknown } | undefined) : undefined;
    if (!result || typeof result.status !== 'number') return undefined;
    items.push({ status: result.status, ...(result.error !== undefined ? { error: describeError(result.error) } : {}) });
  }
  return { errors: v.errors, items };
}

function describeError(e: unknown): string {
  if (e && typeof e === 'object') {
    const { type, reason } = e as { type?: unknown; reason?: unknown };
    return [type, reason].filter((x) => typeof x === 'string').join(': ') || JSON.stringify(e);
  }
  return String(e);
}
