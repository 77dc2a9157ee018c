// The decision API's check on a warm table: in-process (the table lookup) and over HTTP with autocannon.
import autocannon from 'autocannon';
import { DecisionTable } from '@vigil/decision-api';
import type { Decision } from '@vigil/schemas';
import { percentile } from './measure.js';

export function warmTable(subjects: number): DecisionTable {
  const table = new DecisionTable();
  const now = Date.now();
  for (let i = 0; i < subjects; i++) {
    const d: Decision = {
      v: 1,
      id: `dec-${i}`,
      subject: `user:user${i}@acme.example`,
      action: i % 3 === 0 ? 'block' : 'step_up',
      reason: 'bench',
      rule: { id: 'bench', version: '1' },
      risk: 50,
      severity: 'medium',
      evidence: [],
      issued_at: new Date(now).toISOString(),
      expires_at: new Date(now + 3_600_000).toISOString(),
      mode: 'enforce',
    };
    table.apply(d);
  }
  return table;
}

/** p99 of one check over user + agent + device subjects, in microseconds. */
export function checkP99Micros(table: DecisionTable, subjects: number, samples: number): number {
  const times: number[] = new Array(samples);
  for (let i = 0; i < samples; i++) {
    const n = i % (subjects * 2);
    const t = process.hrtime.bigint();
    table.check([`user:user${n}@acme.example`, `agent:agent-${n}`, `device:device-${n}`]);
    times[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  return percentile(times, 99);
}

export async function httpCheck(url: string, seconds: number): Promise<{ p99_ms: number; rps: number }> {
  const result = await autocannon({ url, connections: 16, duration: seconds, pipelining: 1 });
  return { p99_ms: result.latency.p99, rps: result.requests.average };
}
