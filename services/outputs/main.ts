// Composition root of the outputs service: one consumer group per configured sink reading `vigil.alerts`.
import { isEntryPoint, runStandalone, type Runtime, type Started } from '@vigil/runtime';

export async function startOutputs(rt: Runtime): Promise<Started> {
  const log = rt.log('outputs');
  const sub = await rt.bus.subscribe({
    groupId: rt.group('outputs-console'),
    topics: [rt.topics.alerts],
    fromBeginning: true,
    handler: async (batch) => {
      for (const r of batch.records) log.debug({ offset: r.offset, bytes: r.value.length }, 'alert');
      return [];
    },
  });
  return { stop: () => sub.stop() };
}

if (isEntryPoint(import.meta.url)) await runStandalone('outputs', startOutputs);
