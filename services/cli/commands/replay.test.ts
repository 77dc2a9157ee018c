// `vigil replay` over a 100,000-signal file: full speed on event time, per-rule hit counts reported.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/vigil.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function writeSignals(path: string, count: number): { bruteForced: number } {
  const start = Date.UTC(2026, 2, 2, 9);
  const lines: string[] = [];
  let bruteForced = 0;
  for (let i = 0; i < count; i++) {
    // Every 1,000th block of signals is one user failing six times in a row; the rest is background traffic.
    const block = Math.floor(i / 6);
    const attack = block % 1000 === 0;
    if (attack && i % 6 === 0) bruteForced++;
    const user = attack ? `attacked${block}@acme.example` : `user${i % 5000}@acme.example`;
    const type = attack ? 'auth.failure' : i % 3 === 0 ? 'auth.success' : 'agent.tool_call';
    const subjects = type === 'agent.tool_call' ? { agent: `agent-${i % 700}`, user } : { user };
    const attributes = type === 'auth.success' ? { country: 'DE' } : type === 'agent.tool_call' ? { tool_name: 'calendar.read' } : {};
    lines.push(JSON.stringify({ id: `r-${i}`, time: new Date(start + i * 100).toISOString(), source: 'custom', type, severity: 10, subjects, attributes }));
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return { bruteForced };
}

describe('vigil replay', () => {
  it('backtests 100,000 signals and reports hit counts per rule', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-replay-')), 'signals.ndjson');
    const { bruteForced } = writeSignals(file, 100_000);
    const out = execFileSync(process.execPath, [BIN, 'replay', file, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as {
      lines: number;
      signals: number;
      invalid: number;
      hits: Record<string, Record<string, number>>;
    };
    expect(report).toMatchObject({ lines: 100_000, signals: 100_000, invalid: 0 });
    expect(report.hits['r1-brute-force']?.decision).toBe(bruteForced);
    expect(report.hits['r1-brute-force']?.suppressed).toBe(bruteForced); // the sixth failure of each attack
  }, 120_000);

  it('prints a readable table with the decisions', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-replay-')), 'small.ndjson');
    writeSignals(file, 12);
    const out = execFileSync(process.execPath, [BIN, 'replay', file], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/12 lines, 12 signals, 0 invalid/);
    expect(out).toMatch(/r1-brute-force\s+1\s+1/);
    expect(out).toMatch(/STEP_UP user:attacked0@acme\.example {2}r1-brute-force/);
  }, 60_000);
});
