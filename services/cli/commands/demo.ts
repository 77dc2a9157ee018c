// `vigil demo` (what `npm start` runs): every service in one process on the embedded bus and store,
// the bundled sample events fed in, each decision printed as one line, the API served until Ctrl-C.
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRuntime, untilSignal } from '@vigil/runtime';
import { RAW_TOPICS, type Decision } from '@vigil/schemas';
import { SERVICE_NAMES, startServices } from './services.js';
import { formatDecisionLine } from './format.js';
import { preflight } from './start-preflight.js';

export const DEMO_DIR = new URL('../../../examples/demo/', import.meta.url);

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, config: { type: 'string' } }, strict: true });
  if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) {
    process.stderr.write(`vigil demo: --port takes a port number, not "${values.port}"\n`);
    return 2;
  }
  // The same checks as `vigil start`, before anything starts: every problem at once, each named by its
  // VIGIL_* variable or file key. The demo logs at warn unless VIGIL_LOG_LEVEL says otherwise.
  const env = { VIGIL_LOG_LEVEL: 'warn', ...process.env, ...(values.port !== undefined ? { VIGIL_HTTP_PORT: values.port } : {}) };
  const { settings, signingKey, prepared } = await preflight(SERVICE_NAMES, { env, ...(values.config ? { file: values.config } : {}) });
  const rt = await createRuntime(settings, signingKey ? { signingKey } : {});
  const print = (d: Decision): void => void process.stdout.write(`${formatDecisionLine(d)}\n`);
  const services = await startServices(rt, SERVICE_NAMES, {
    prepared,
    onDecision: print,
    revealGeneratedToken: true,
    // Decisions are printed above; alerts go to the console only when VIGIL_OUTPUTS asks for it.
    outputs: { defaultConsole: false },
  });
  const base = `http://${settings.httpHost}:${services.apiPort}`;
  const samples = loadSamples();
  const token = services.apiToken;
  process.stdout.write(
    [
      `Vigil demo: embedded ${rt.bus.kind} bus, ${rt.store.kind} store, rules from ${settings.rulesDir}/`,
      `Decision API: ${base}   (e.g. curl -i '${base}/v1/check?user=jordan.lee@acme.example' or '${base}/v1/check?agent=finance-bot')`,
      ...(token
        ? [
            `Operator token for this run: ${token}`,
            `  kill switch: curl -H 'authorization: Bearer ${token}' -H 'content-type: application/json' \\`,
            `    -d '{"subject":"user:jordan.lee@acme.example","action":"block","ttl":"15m","reason":"demo"}' ${base}/v1/overrides`,
          ]
        : []),
      `Feeding ${samples.length} sample events from examples/demo/ …`,
      '',
    ].join('\n'),
  );
  await rt.bus.publish(samples);
  const signal = await untilSignal();
  process.stdout.write(`\n${signal}: stopping\n`);
  await services.stop();
  await rt.close();
  return 0;
}

/** examples/demo/<source>.ndjson: one raw event per line; times are moved so the last one is now. */
export function loadSamples(now = Date.now()): { topic: string; key: string | null; value: string }[] {
  const out: { topic: string; key: string | null; value: string }[] = [];
  for (const file of readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    const source = file.replace(/\.ndjson$/, '') as keyof typeof RAW_TOPICS;
    const topic = RAW_TOPICS[source];
    if (!topic) continue;
    const lines = readFileSync(new URL(file, DEMO_DIR), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const times = events.map((e) => Date.parse(String(e.published ?? e.time ?? ''))).filter(Number.isFinite);
    const shift = times.length ? now - Math.max(...times) : 0;
    for (const e of events) {
      for (const field of ['published', 'time']) {
        if (typeof e[field] === 'string' && Number.isFinite(Date.parse(e[field]))) e[field] = new Date(Date.parse(e[field]) + shift).toISOString();
      }
      out.push({ topic, key: null, value: JSON.stringify(e) });
    }
  }
  return out;
}
