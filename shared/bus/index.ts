// @vigil/bus: the Bus interface, the in-memory bus (embedded default) and the Kafka bus (kafkajs).
export {
  toBuffer,
  toKeyBuffer,
  type Bus,
  type BusRecord,
  type BusBatch,
  type OutRecord,
  type BatchHandler,
  type SubscribeOptions,
  type Subscription,
  type TopicSpec,
} from './bus.js';
export { MemoryBus, partitionFor, type MemoryBusOptions } from './memory-bus.js';
export { KafkaBus, DEFAULT_KAFKA_RETRY, type KafkaBusOptions, type KafkaRetryOptions } from './kafka-bus.js';
export { patchKafkajsRequestQueue } from './kafkajs-timers.js';
export { default as kafkajs } from './kafkajs.js';
export { kafkajsProducerPatch, type KafkajsProducerPatch } from './kafkajs-producer.js';
export { keyHashPartitioner } from './kafka-partitioner.js';
