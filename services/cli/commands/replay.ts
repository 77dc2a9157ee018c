// `vigil replay <file.ndjson>`: backtest the rules over recorded signals (or raw events of one source)
// at full speed on event time; prints per-rule hit counts and the decisions.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Correlator, loadRules, type RuleHitRecord } from '@vigil/correlator';
import { createAliasMap, processRecord, sourceByName } from '@vigil/ingest';
import type { Decision, Signal } from '@vigil/schemas';
import { parseSignal } from '@vigil/schemas/parse-signal';
import { MemoryStore } from '@vigil/store';
import { formatDecisionLine } from './format.js';
import { Progress } from './progress.js';
import { printProblems } from './rules.js';
import { renderTable } from './table.js';

const BATCH = 1000;

export async function runReplay(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      rules: { type: 'string' },
      'max-decisions': { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: vigil replay <file.ndjson> [--source okta|otlp|entra|…] [--rules dir] [--max-decisions N] [--json]\n');
    return 2;
  }
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    process.stderr.write(`vigil replay: ${stat ? `${file} is not a file` : `no such file ${file}`}\n`);
    return 2;
  }
  const max = Number(values['max-decisions']);
  if (!/^\d+$/.test(values['max-decisions'])) {
    process.stderr.write(`vigil replay: --max-decisions takes a whole number, not "${values['max-decisions']}"\n`);
    return 2;
  }
  const source = values.source ? sourceByName(values.source) : undefined;
  if (values.source && !source) {
    process.stderr.write(`vigil replay: unknown source "${values.source}"\n`);
    return 2;
  }
  const rulesDir = values.rules ?? process.env.VIGIL_RULES_DIR ?? 'rules';
  const loaded = loadRules(rulesDir);
  if (!loaded.ok) {
    printProblems(rulesDir, loaded.problems, loaded.warnings);
    return 1;
  }
  const correlator = new Correlator(loaded.ruleSet, { store: new MemoryStore(), clock: 'event' });
  const hits = new Map<string, Record<RuleHitRecord['outcome'], number>>();
  const decisions: Decision[] = [];
  const pending: Decision[] = [];
  let lines = 0;
  let signals = 0;
  let invalid = 0;
  const progress = new Progress(stat.size, process.stderr);
  const ctx = { aliases: createAliasMap(), settings: {}, now: Date.now };
  let batch: Signal[] = [];
  let lastEventTime = 0;
  const flush = async (final = false): Promise<void> => {
    for (const s of batch) lastEventTime = Math.max(lastEventTime, Date.parse(s.time));
    const out = await correlator.process(batch);
    await out.commit();
    // At the end of the data, time has reached the last event and no further: an absence whose deadline lies
    // beyond it has not fired (its B may still come); it is reported as pending, not as a decision.
    const swept = await correlator.sweep(final ? lastEventTime : undefined);
    await swept.commit();
    for (const o of [out, swept]) {
      decisions.push(...o.audited);
      for (const h of o.hits) {
        const row = hits.get(h.rule) ?? ({} as Record<RuleHitRecord['outcome'], number>);
        row[h.outcome] = (row[h.outcome] ?? 0) + 1;
        hits.set(h.rule, row);
      }
    }
    signals += batch.length;
    batch = [];
  };
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let bytes = 0;
  for await (const line of rl) {
    bytes += Buffer.byteLength(line) + 1;
    if (!line.trim()) continue;
    lines++;
    if (source) {
      const r = await processRecord(source, { topic: source.topic, partition: 0, offset: String(lines - 1), key: null, value: Buffer.from(line) }, ctx, {
        maxRecordBytes: 16 << 20,
      });
      batch.push(...r.signals);
      invalid += r.deadletters.length;
    } else {
      try {
        const p = parseSignal(JSON.parse(line));
        if (p.success) batch.push(p.data);
        else invalid++;
      } catch {
        invalid++;
      }
    }
    if (batch.length >= BATCH) await flush();
    progress.update(bytes, lines);
  }
  await flush(true);
  pending.push(...(await correlator.sweep(Number.MAX_SAFE_INTEGER)).audited);
  progress.done();

  if (values.json) {
    process.stdout.write(
      JSON.stringify({
        lines,
        signals,
        invalid,
        hits: Object.fromEntries(hits),
        decisions: decisions.length,
        pending: pending.map((d) => ({ rule: d.rule?.id, subject: d.subject, action: d.action })),
      }) + '\n',
    );
    return 0;
  }
  const rows = [...hits]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, o]) => [rule, String((o.decision ?? 0) + (o.shadow ?? 0)), String(o.suppressed ?? 0), String(o.superseded ?? 0), String(o.excepted ?? 0)]);
  process.stdout.write(`${lines} lines, ${signals} signals, ${invalid} invalid\n\n`);
  process.stdout.write(renderTable(['rule', 'decisions', 'suppressed', 'superseded', 'excepted'], rows));
  process.stdout.write(`\n${decisions.length} decisions${decisions.length > max ? ` (first ${max} shown)` : ''}:\n`);
  for (const d of decisions.slice(0, max)) process.stdout.write(`${formatDecisionLine(d)}\n`);
  if (pending.length) {
    process.stdout.write(`\n${pending.length} pending at end of input (absence rules whose deadline lies after the last event):\n`);
    for (const d of pending.slice(0, max)) process.stdout.write(`  ${d.rule?.id ?? '?'}  ${d.subject}  would ${d.action}\n`);
  }
  return 0;
}
