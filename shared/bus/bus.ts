// The Bus: topics of keyed records, consumed in batches by groups. Two implementations: in-memory (the
// embedded default) and Kafka (kafkajs). The contract that matters for "nothing lost": a handler returns
// everything its batch caused, and the bus publishes all of it *before* committing the batch's offsets.

export interface BusRecord {
  topic: string;
  partition: number;
  /** Decimal string, as Kafka reports it. */
  offset: string;
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
  /** Epoch ms the record was appended. */
  timestamp: number;
}

export interface OutRecord {
  topic: string;
  key?: string | Buffer | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

export interface BusBatch {
  topic: string;
  partition: number;
  records: BusRecord[];
  /**
   * Keeps the consumer's group membership alive while a handler waits (Kafka: throttled to the heartbeat
   * interval); a handler that retries a SIEM for longer than the session timeout calls it between tries.
   */
  heartbeat?: () => Promise<void>;
}

/** Processes one batch and returns what it caused; the bus publishes that, then commits. */
export type BatchHandler = (batch: BusBatch) => Promise<OutRecord[]>;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. Default false (only new records). */
  fromBeginning?: boolean;
  handler: BatchHandler;
  /** Upper bound of records per handler call (the memory bus honours it exactly). */
  maxBatchSize?: number;
  /**
   * Partitions handled at once (Kafka: kafkajs partitionsConsumedConcurrently), default 1. One partition's
   * batches stay in order; a handler that keeps state must serialize (or coalesce) its calls itself.
   */
  concurrency?: number;
}

export interface Subscription {
  /** Stops consuming after the batch in flight; its outputs are published and offsets committed first. */
  stop(): Promise<void>;
  /** True once the group has caught up with the end of every partition it was assigned at least once. */
  readonly caughtUp: boolean;
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
  /** `compact` for vigil.decisions (latest decision per subject). */
  cleanupPolicy?: 'delete' | 'compact';
}

export interface Bus {
  readonly kind: 'memory' | 'kafka';
  /** Creates missing topics; tolerant of brokers that auto-create and of topics that already exist. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  publish(records: OutRecord[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  close(): Promise<void>;
}

export function toBuffer(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v) : v;
}

export function toKeyBuffer(v: string | Buffer | null | undefined): Buffer | null {
  return v === undefined || v === null ? null : toBuffer(v);
}
