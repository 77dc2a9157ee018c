// Deterministic benchmark workloads: a mix of the signal types the starter pack reads, spread over a
// given number of subjects, on event time advancing a few ms per signal.
import { seededRandom } from '@vigil/core';
import type { Signal } from '@vigil/schemas';

/** The seeded PRNG both sides of a comparison share. */
export const prng = seededRandom;

const PROVIDERS = ['openai', 'anthropic', 'deepseek', 'aws.bedrock'];
const TOOLS = ['calendar.read', 'iam.create_access_key', 'search.web', 'k8s.exec', 'crm.lookup'];
const COUNTRIES = ['DE', 'FR', 'US', 'BR', 'JP'];
const CLASSES = ['public', 'internal', 'confidential', 'restricted'];

export interface Workload {
  signals: Signal[];
  subjects: number;
}

/** Event time between two consecutive signals of the bench's mix, unless a caller stretches it. */
export const SIGNAL_STEP_MS = 5;

/**
 * `count` signals of the mix over `subjects` workload subjects (each names a user, an agent and a device),
 * `stepMs` of event time apart, from a seeded PRNG: the same signals for every side of a comparison.
 */
export function makeSignals(count: number, subjects: number, seed = 1, start = Date.UTC(2026, 2, 2, 9), stepMs = SIGNAL_STEP_MS): Signal[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: Signal[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = Math.floor(rand() * subjects);
    const user = `user${n}@acme.example`;
    const agent = `agent-${n}`;
    const device = `device-${n}`;
    const time = new Date(start + i * stepMs).toISOString();
    const r = rand();
    let s: Omit<Signal, 'v' | 'id' | 'time' | 'source' | 'severity'> & { source: Signal['source']; severity?: number };
    if (r < 0.3) s = { source: 'okta', type: 'auth.failure', subjects: { user }, attributes: { ip: '198.51.100.7' } };
    else if (r < 0.4) s = { source: 'okta', type: 'auth.success', subjects: { user }, attributes: { country: pick(COUNTRIES), mfa: rand() < 0.5 } };
    else if (r < 0.6)
      s = {
        source: 'otlp',
        type: 'agent.llm_call',
        subjects: { agent, user, device },
        attributes: { provider: pick(PROVIDERS), input_tokens: Math.floor(rand() * 4000), output_tokens: Math.floor(rand() * 1000) },
      };
    else if (r < 0.75)
      s = {
        source: 'otlp',
        type: 'agent.tool_call',
        subjects: { agent, user, device },
        attributes: { tool_name: pick(TOOLS), data_source: `src-${Math.floor(rand() * 30)}`, classification: pick(CLASSES) },
      };
    else if (r < 0.85)
      s = {
        source: 'otlp',
        type: 'agent.retrieval',
        subjects: { agent, user, device },
        attributes: { data_source: `src-${Math.floor(rand() * 30)}`, classification: pick(CLASSES) },
      };
    else if (r < 0.9)
      s = { source: 'crowdstrike', type: 'endpoint.detection', severity: Math.floor(rand() * 100), subjects: { device }, attributes: { detection_name: 'x' } };
    else if (r < 0.94) s = { source: 'entra', type: 'identity.risk', subjects: { user }, attributes: { risk_level: pick(['low', 'medium', 'high']) } };
    else if (r < 0.97) s = { source: 'ocsf', type: 'device.compliance', subjects: { device }, attributes: { compliant: rand() < 0.5 } };
    else if (r < 0.99) s = { source: 'okta', type: 'identity.privilege_grant', subjects: { user }, attributes: { privilege: 'admin' } };
    else s = { source: 'caep', type: 'session.revoked', subjects: { user }, attributes: {} };
    out[i] = { v: 1, id: `b${seed}-${i}`, time, severity: s.severity ?? 20, ...s } as Signal;
  }
  // As the correlator receives them from the bus: parsed from JSON (flat strings, their own objects).
  return JSON.parse(JSON.stringify(out)) as Signal[];
}
