// Sends alert batches to Splunk HEC and classifies the answer: 2xx delivered (after the indexer
// acknowledgement when `ack=true`); 429 and 5xx retried; a 400 naming one invalid event dead-letters that
// event and retries the rest; any other 4xx (bad token, unknown index) dead-letters the batch.
import { randomUUID } from 'node:crypto';
import { sleep } from '@vigil/core';
import type { Alert } from '@vigil/schemas';
import type { Logger } from '@vigil/telemetry';
import { HttpClient } from '../kit/http-client.js';
import { describeResponse, responseOutcome } from '../kit/http-outcome.js';
import type { DeliverContext, ItemOutcome, SinkTransport } from '../sink.js';
import type { HecConfig } from './config.js';
import { hecBody, hecEvent, parseHecAnswer } from './encode.js';

export class HecTransport implements SinkTransport {
  private readonly client: HttpClient;
  private readonly channel: string;
  private warnedNoAckId = false;

  constructor(
    private readonly config: HecConfig,
    private readonly log: Logger,
  ) {
    this.client = new HttpClient(config.endpoint);
    // HEC ties acknowledgement ids to a channel; one per process unless the operator pins one.
    this.channel = config.ack?.channel ?? randomUUID();
  }

  async deliver(alerts: readonly Alert[], ctx: DeliverContext): Promise<ItemOutcome[]> {
    const c = this.config;
    const body = hecBody(alerts.map((a) => hecEvent(a, { host: c.eventHost, source: c.source, sourcetype: c.sourcetype, index: c.index, format: c.format })));
    const res = await this.client.request({
      method: 'POST',
      path: c.eventPath,
      headers: {
        authorization: `Splunk ${c.token.reveal()}`,
        'content-type': 'application/json',
        ...(c.ack ? { 'x-splunk-request-channel': this.channel } : {}),
      },
      body,
      timeoutMs: c.timeoutMs,
      signal: ctx.signal,
    });
    const answer = parseHecAnswer(res.body);
    if (res.status === 400 && answer?.invalidEvent !== undefined && answer.invalidEvent < alerts.length) {
      // HEC stops at the invalid event; whether earlier ones were kept is not said, so they are sent again.
      const bad = answer.invalidEvent;
      const reason = `Splunk HEC rejected the event: ${describeResponse(res)}`;
      return alerts.map((_, i) =>
        i === bad ? { ok: false, retriable: false, reason } : { ok: false, retriable: true, reason: `resent: event ${bad} of its batch was invalid` },
      );
    }
    const outcome = responseOutcome(res, 'Splunk HEC ');
    if (!outcome.ok || !c.ack) return alerts.map(() => outcome);
    if (answer?.ackId === undefined) {
      if (!this.warnedNoAckId) this.log.warn('ack=true but Splunk HEC returned no ackId: indexer acknowledgement is off for this token');
      this.warnedNoAckId = true;
      return alerts.map(() => outcome);
    }
    const acked = await this.waitForAck(answer.ackId, ctx);
    return alerts.map(() => acked);
  }

  /** Polls `/services/collector/ack` until the batch is indexed or `ack_timeout` passes (then retried). */
  private async waitForAck(ackId: number, ctx: DeliverContext): Promise<ItemOutcome> {
    const ack = this.config.ack!;
    const deadline = Date.now() + ack.timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      await sleep(ack.intervalMs, ctx.signal);
      await ctx.heartbeat();
      try {
        const res = await this.client.request({
          method: 'POST',
          path: `${this.config.ackPath}?channel=${encodeURIComponent(this.channel)}`,
          headers: { authorization: `Splunk ${this.config.token.reveal()}`, 'content-type': 'application/json', 'x-splunk-request-channel': this.channel },
          body: JSON.stringify({ acks: [ackId] }),
          timeoutMs: this.config.timeoutMs,
          signal: ctx.signal,
        });
        if (res.status === 200 && ackStatus(res.body, ackId)) return { ok: true };
        last = res.status === 200 ? 'not indexed yet' : describeResponse(res);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        last = (err as Error).message;
      }
    }
    return { ok: false, retriable: true, reason: `Splunk HEC: no indexer acknowledgement for ackId ${ackId} within ${ack.timeoutMs} ms (${last})` };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

function ackStatus(body: string, ackId: number): boolean {
  try {
    const v = JSON.parse(body) as { acks?: Record<string, unknown> };
    return v.acks?.[String(ackId)] === true;
  } catch {
    return false;
  }
}
