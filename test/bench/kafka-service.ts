// One Vigil service in a process of its own for the Kafka bench (forked by kafka-e2e.ts), as production
// runs them: argv is the service, the run's setup (JSON), the record count and how many of them go untimed. Talks to the parent over IPC:
// "ready" once started, the correlator's timing as "result", and it stops and exits on "stop".
import { startCorrelator } from '@vigil/correlator';
import { startIngest } from '@vigil/ingest';
import { benchRuntime, timeCorrelator, type E2eSetup } from './kafka-e2e.js';

const [service, setupJson, countArg, skipArg] = process.argv.slice(2);
const send = (kind: string, value?: unknown): void => void process.send!({ kind, value });
// A parent that died (or was interrupted) takes its services with it.
process.on('disconnect', () => process.exit(1));

try {
  const rt = await benchRuntime(JSON.parse(setupJson!) as E2eSetup, service!);
  const started = service === 'correlator' ? await startCorrelator(rt) : await startIngest(rt);
  process.on('message', (m) => {
    if (m !== 'stop') return;
    void started
      .stop()
      .then(() => rt.close())
      .finally(() => process.exit(0));
  });
  send('ready');
  if (service === 'correlator') send('result', await timeCorrelator(rt, Number(countArg), Number(skipArg ?? 0)));
} catch (err) {
  send('error', err instanceof Error ? err.stack : String(err));
  process.exit(1);
}
