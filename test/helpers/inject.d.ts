// What test/helpers/global-setup.ts provides to test files through `inject(...)`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap list of the run's shared 3-broker mock Kafka cluster. */
    kafkaBrokers: string[];
    /** Where `sharedKafka()` sends mock commands (create topic, broker down/up, …). */
    kafkaControlUrl: string;
    /** The Redis the run checked at start (VIGIL_TEST_REDIS_URL or redis://127.0.0.1:6379). */
    redisUrl: string;
  }
}
