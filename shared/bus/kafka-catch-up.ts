// "Caught up" for a Kafka subscription: every partition of the group's assignment has been read to its
// end (the high watermark) at least once. Services use it to report ready only after replaying backlog.
import type { Admin } from 'kafkajs';

export type Assignment = Record<string, number[]>;

export interface PartitionPosition {
  topic: string;
  partition: number;
  /** The next offset the consumer will read. */
  position: bigint;
  highWatermark: bigint;
}

/** Pure bookkeeping; the subscription feeds it from group joins, processed batches and start positions. */
export class CatchUpTracker {
  private generation = 0;
  private assigned = new Set<string>();
  private reached = new Set<string>();
  private latched = false;

  /** A new assignment after a group join; returns its generation so late async answers can be ignored. */
  assign(assignment: Assignment): number {
    this.generation++;
    this.assigned = new Set(Object.entries(assignment).flatMap(([topic, ps]) => ps.map((p) => `${topic}/${p}`)));
    this.reached = new Set();
    this.check();
    return this.generation;
  }

  observe(p: PartitionPosition, generation = this.generation): void {
    if (generation !== this.generation) return;
    const id = `${p.topic}/${p.partition}`;
    if (!this.assigned.has(id) || p.position < p.highWatermark) return;
    this.reached.add(id);
    this.check();
  }

  /** Once true, stays true: a later rebalance or new traffic does not make a service unready again. */
  get caughtUp(): boolean {
    return this.latched;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  private check(): void {
    if (!this.latched && [...this.assigned].every((id) => this.reached.has(id))) this.latched = true;
  }
}

/**
 * Where each assigned partition starts right after a join, from the group's committed offsets (or the
 * reset policy when there is none) and the partition ends. Partitions with nothing to read are caught up
 * at once; kafkajs never hands an empty partition to eachBatch, so this is the only way to learn that.
 */
export async function startPositions(admin: Admin, groupId: string, assignment: Assignment, fromBeginning: boolean): Promise<PartitionPosition[]> {
  const topics = Object.keys(assignment).filter((t) => assignment[t]!.length > 0);
  if (!topics.length) return [];
  const committed = await admin.fetchOffsets({ groupId, topics });
  const out: PartitionPosition[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const groupTopic = committed.find((c) => c.topic === topic);
    for (const partition of assignment[topic]!) {
      const end = ends.find((e) => e.partition === partition);
      if (!end) continue;
      const high = BigInt(end.high);
      const c = groupTopic?.partitions.find((p) => p.partition === partition);
      const committedAt = c ? BigInt(c.offset) : -1n;
      const position = committedAt >= 0n ? committedAt : fromBeginning ? BigInt(end.low) : high;
      out.push({ topic, partition, position, highWatermark: high });
    }
  }
  return out;
}
