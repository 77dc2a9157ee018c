// Sends `_bulk` requests and reads the per-item results inside a 200: items answered 429 or 5xx are retried
// (only those), other item errors (a mapping conflict, a bad document) are dead-lettered; `op=create`
// treats 409 as already indexed. A non-2xx answer classifies the whole request.
import type { Alert } from '@vigil/schemas';
import { HttpClient } from '../kit/http-client.js';
import { describeResponse, isRetriableStatus, responseOutcome } from '../kit/http-outcome.js';
import type { DeliverContext, ItemOutcome, SinkTransport } from '../sink.js';
import type { EsConfig } from './config.js';
import { bulkBody, parseBulkResponse, type BulkItemResult } from './encode.js';

const FILTER = 'filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason';

export class ElasticsearchTransport implements SinkTransport {
  private readonly client: HttpClient;
  private readonly path: string;

  constructor(private readonly config: EsConfig) {
    this.client = new HttpClient(config.endpoint);
    this.path = `/_bulk?${FILTER}${config.pipeline ? `&pipeline=${encodeURIComponent(config.pipeline)}` : ''}`;
  }

  async deliver(alerts: readonly Alert[], ctx: DeliverContext): Promise<ItemOutcome[]> {
    const c = this.config;
    const res = await this.client.request({
      method: 'POST',
      path: this.path,
      headers: { 'content-type': 'application/x-ndjson', ...authHeader(c) },
      body: bulkBody(alerts, { index: c.index, op: c.op, format: c.format }),
      timeoutMs: c.timeoutMs,
      signal: ctx.signal,
    });
    const whole = responseOutcome(res, 'Elasticsearch _bulk ');
    if (!whole.ok) return alerts.map(() => whole);
    const parsed = parseBulkResponse(res.body);
    if (parsed && !parsed.errors) return alerts.map(() => ({ ok: true }));
    if (!parsed || parsed.items.length !== alerts.length) {
      // Without one result per document nothing can be told apart; `_id` makes resending them safe.
      const reason = `Elasticsearch _bulk answer without one result per document: ${describeResponse(res)}`;
      return alerts.map(() => ({ ok: false, retriable: true, reason }));
    }
    return parsed.items.map((item) => itemOutcome(item, c.op));
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

export function itemOutcome(item: BulkItemResult, op: 'index' | 'create'): ItemOutcome {
  if (item.status >= 200 && item.status < 300) return { ok: true };
  if (item.status === 409 && op === 'create') return { ok: true };
  return { ok: false, retriable: isRetriableStatus(item.status), reason: `Elasticsearch item ${item.status}${item.error ? ` ${item.error}` : ''}` };
}

function authHeader(c: EsConfig): Record<string, string> {
  if (!c.auth) return {};
  if (c.auth.kind === 'api-key') return { authorization: `ApiKey ${c.auth.key.reveal()}` };
  return { authorization: `Basic ${Buffer.from(`${c.auth.username}:${c.auth.password.reveal()}`).toString('base64')}` };
}
