// Reading what a pipeline published, for int tests: wait until a group has committed a topic, then read
// a topic to its current end with a fresh group.
import type { Admin, Kafka } from 'kafkajs';
import { DecisionSchema, type Decision } from '@vigil/schemas';
import { waitFor } from './wait-for.js';

/**
 * Waits until the group has committed every record on `topic`. The bus commits a batch only after all it
 * caused is published, so from then on the output topics hold everything those records will ever cause.
 */
export async function caughtUp(admin: Admin, groupId: string, topic: string): Promise<void> {
  await waitFor(
    async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      // An empty partition has nothing to commit (its committed offset stays -1).
      return ends.every((e) => e.high === e.low || Number(committed!.partitions.find((p) => p.partition === e.partition)?.offset ?? -1) >= Number(e.high));
    },
    { timeoutMs: 60_000, message: `${groupId} committed everything on ${topic}` },
  );
}

/** At least `count` decisions on `topic`, read from the beginning with a fresh group. */
export async function decisionsOn(kafka: Kafka, topic: string, count: number): Promise<Decision[]> {
  const consumer = kafka.consumer({ groupId: `reader-${Math.random()}`, maxWaitTimeInMs: 200 });
  const out: Decision[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void out.push(DecisionSchema.parse(JSON.parse(message.value!.toString()))) });
  try {
    await waitFor(() => out.length >= count, { timeoutMs: 30_000, message: `${count} decision(s) on ${topic}` });
    return out;
  } finally {
    await consumer.disconnect();
  }
}

/** Every decision on `topic` up to its current end. */
export async function allDecisionsOn(kafka: Kafka, admin: Admin, topic: string): Promise<Decision[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const total = ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0);
  return decisionsOn(kafka, topic, total);
}
