// Test helpers for the format tests: the checked-in fixture alerts, and a fast-check arbitrary producing
// any valid Alert v1 (every kind, subject kind, signal type, IP family, with and without rule / trace).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { AlertSchema, SEVERITIES, SIGNAL_SOURCES, SIGNAL_TYPES, SUBJECT_KINDS, subjectKey, toIsoMs, type Alert } from '@vigil/schemas';

export const FUZZ_RUNS = Math.max(1000, Number(process.env.VIGIL_FUZZ_RUNS ?? 1000));
/** A generous ceiling for property tests on a slow CI machine (not a performance assertion). */
export const FUZZ_TIMEOUT_MS = 120_000;

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** `fixtures/alert-*.json`, parsed through AlertSchema, by file name without `.json`. */
export function fixtureAlerts(): { name: string; alert: Alert }[] {
  return readdirSync(FIXTURES)
    .filter((n) => n.startsWith('alert-') && n.endsWith('.json'))
    .sort()
    .map((n) => ({ name: n.slice(0, -5), alert: AlertSchema.parse(JSON.parse(readFileSync(new URL(n, FIXTURES), 'utf8'))) }));
}

export function fixtureAlert(name: string): Alert {
  const found = fixtureAlerts().find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return structuredClone(found.alert);
}

const time = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => toIsoMs(ms)!);
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const trace = fc.record({ trace_id: hex(32), span_id: hex(16) });
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const userId = fc.oneof(
  fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example`),
  fc.tuple(word, word).map(([d, u]) => `${d}\\${u}`),
  word,
);
const deviceId = fc.oneof(word, hex(32), fc.uuid());
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('not-an-ip'), fc.constant('fe80::1%eth0'));
const idFor = { user: userId, agent: word, device: deviceId, session: word, ip, tool: word } as const;

const subjects = fc
  .record({ user: userId, agent: word, device: deviceId, session: word, ip: fc.oneof(fc.ipV4(), fc.ipV6()), tool: word }, { requiredKeys: [] })
  .filter((s) => Object.keys(s).length > 0);

const signal = fc.record(
  {
    v: fc.constant(1 as const),
    id: word.map((w) => `sig_${w}`),
    time,
    source: fc.constantFrom(...SIGNAL_SOURCES),
    type: fc.oneof(fc.constantFrom(...SIGNAL_TYPES), fc.constant('custom.thing')),
    severity: fc.integer({ min: 0, max: 100 }),
    subjects,
    attributes: fc.record({ ip, note: fc.string({ maxLength: 20 }), mitre: fc.array(fc.constantFrom('T1078', 'T1059.001')) }, { requiredKeys: [] }),
    trace,
  },
  { requiredKeys: ['v', 'id', 'time', 'source', 'type', 'severity', 'subjects', 'attributes'] },
);

const anySubjectKey = fc.constantFrom(...SUBJECT_KINDS).chain((kind) => idFor[kind].map((id) => subjectKey(kind, id)));

/** Any valid Alert v1; the shape is checked through AlertSchema so the arbitrary cannot drift from the contract. */
export const arbitraryAlert: fc.Arbitrary<Alert> = fc
  .record({
    kind: fc.constantFrom('decision', 'shadow', 'override'),
    subject: anySubjectKey,
    action: fc.constantFrom('allow', 'step_up', 'block'),
    severity: fc.constantFrom(...SEVERITIES),
    risk: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
    title: fc.string({ maxLength: 60 }),
    reason: fc.string({ maxLength: 80 }),
    mitre: fc.array(fc.stringMatching(/^T\d{4}(\.\d{3})?$/), { maxLength: 4 }),
    description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    signals: fc.array(signal, { maxLength: 5 }),
    trace: fc.option(trace, { nil: undefined }),
    created: time,
  })
  .map((r) => {
    const ruled = r.kind !== 'override';
    return AlertSchema.parse({
      v: 1,
      id: `alr_${r.created}`,
      kind: r.kind,
      created_at: r.created,
      severity: r.severity,
      risk: r.risk,
      title: r.title,
      ...(ruled ? { rule: { id: 'r-1', version: '1', name: 'Rule one', description: r.description, mitre: r.mitre } } : {}),
      decision: {
        v: 1,
        id: `dec_${r.created}`,
        subject: r.subject,
        action: r.action,
        reason: r.reason,
        ...(ruled ? { rule: { id: 'r-1', version: '1' } } : { override: { by: 'operator:oncall' } }),
        risk: r.risk,
        severity: r.severity,
        evidence: r.signals.map((s) => ({ signal_id: s.id, source: s.source, type: s.type, time: s.time })),
        ...(r.trace ? { trace: r.trace } : {}),
        issued_at: r.created,
        expires_at: r.created,
        mode: r.kind === 'shadow' ? 'shadow' : 'enforce',
      },
      signals: r.signals,
    });
  });
