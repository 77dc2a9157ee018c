// Conversions between kafkajs messages and the Bus record types: what a handler sees, and what a
// publish sends (grouped per topic so that one publish is one produce round trip).
import type { IHeaders, KafkaMessage, Message, TopicMessages } from 'kafkajs';
import type { BusRecord, OutRecord } from './bus.js';

export function toBusRecord(topic: string, partition: number, message: KafkaMessage): BusRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    // A null value is a tombstone (compacted topics); the Bus type has no null value, so it reads as empty.
    value: message.value ?? Buffer.alloc(0),
    headers: headersToStrings(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/** Kafka allows repeated header keys (kafkajs gives an array); like Java's `lastHeader`, the last one wins. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    const v = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (v === undefined) continue;
    out[name] = typeof v === 'string' ? v : v.toString('utf8');
  }
  return out;
}

function toMessage(r: OutRecord): Message {
  const m: Message = { key: r.key ?? null, value: r.value };
  if (r.headers && Object.keys(r.headers).length) m.headers = { ...r.headers };
  return m;
}

/** Groups records by topic, keeping each topic's records in the order given (the per-key order). */
export function toTopicMessages(records: OutRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (!list) byTopic.set(r.topic, (list = []));
    list.push(toMessage(r));
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
