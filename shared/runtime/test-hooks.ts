// TEST-ONLY fault hook, off unless its env var is set (never set it in a deployment): lets a test kill a
// real Vigil process at the one moment that matters for at-least-once — after it consumed a batch and
// before what the batch caused reached the bus.
import type { Bus } from '@vigil/bus';

/** Holds, forever, any publish that writes to this topic, after saying so on stderr. */
export const HOLD_PUBLISH_ENV = 'VIGIL_TEST_HOLD_PUBLISH_TO';

export function applyTestHooks(bus: Bus, env: NodeJS.ProcessEnv = process.env): Bus {
  const topic = env[HOLD_PUBLISH_ENV];
  if (!topic) return bus;
  const publish = bus.publish.bind(bus);
  bus.publish = (records) => {
    if (!records.some((r) => r.topic === topic)) return publish(records);
    process.stderr.write(`${HOLD_PUBLISH_ENV}: holding a publish of ${records.length} record(s) to ${topic}\n`);
    return new Promise<never>(() => undefined);
  };
  return bus;
}
