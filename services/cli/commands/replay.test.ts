// `vigil replay` over a 100,000-signal file: full speed on event time, per-rule hit counts reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('replays raw events of one source (--source okta) and reports as JSON, invalid lines counted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-replay-'));
    const fixture = JSON.parse(readFileSync(join(ROOT, 'services/ingest/sources/okta/fixtures/session-start-failure.json'), 'utf8')) as Record<string, unknown>;
    const start = Date.parse(fixture.published as string);
    const lines = [0, 1, 2, 3, 4].map((i) => JSON.stringify({ ...fixture, uuid: `uuid-${i}`, published: new Date(start + i * 60_000).toISOString() }));
    writeFileSync(join(dir, 'okta.ndjson'), [...lines, '{ not json'].join('\n') + '\n');
    const r = spawnSync(process.execPath, [BIN, 'replay', join(dir, 'okta.ndjson'), '--source', 'okta', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(report).toMatchObject({ lines: 6, signals: 5, invalid: 1, decisions: 1, pending: [], hits: { 'r1-brute-force': { decision: 1 } } });
    // Off a terminal the progress is a plain line on stderr, not a bar.
    expect(r.stderr).toMatch(/^replay: 6 lines \(100%\), \d+\/s$/m);
  }, 60_000);

  it('reports absences still open at the end of the input as pending, not as decisions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-replay-'));
    const rules = join(dir, 'rules');
    cpSync(join(ROOT, 'rules/lists'), join(rules, 'lists'), { recursive: true });
    writeFileSync(
      join(rules, 'grant-without-mfa.json'),
      JSON.stringify({
        id: 'grant-without-mfa',
        version: '1',
        name: 'n',
        severity: 'high',
        kind: 'absence',
        key: 'user',
        within: '15m',
        select: { types: ['identity.privilege_grant'] },
        expect: { types: ['auth.success'] },
        decision: { action: 'step_up', target: 'user', ttl: '30m', reason: 'privilege grant without MFA' },
      }),
    );
    const signal = (user: string, minute: number, type: string) =>
      JSON.stringify({
        id: `${user}-${minute}`,
        time: new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString(),
        source: 'custom',
        type,
        severity: 10,
        subjects: { user },
      });
    // a's deadline (09:15) passes before the last event (09:40); b's (09:50) lies after it.
    const file = join(dir, 's.ndjson');
    writeFileSync(
      file,
      [
        signal('a@acme.example', 0, 'identity.privilege_grant'),
        signal('b@acme.example', 35, 'identity.privilege_grant'),
        signal('c@acme.example', 40, 'auth.failure'),
      ].join('\n'),
    );
    const json = JSON.parse(
      execFileSync(process.execPath, [BIN, 'replay', file, '--rules', rules, '--json'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    ) as Record<string, unknown>;
    expect(json).toMatchObject({ decisions: 1, pending: [{ rule: 'grant-without-mfa', subject: 'user:b@acme.example', action: 'step_up' }] });
    const text = execFileSync(process.execPath, [BIN, 'replay', file, '--rules', rules], { cwd: ROOT, encoding: 'utf8' });
    expect(text).toMatch(/STEP_UP user:a@acme\.example {2}grant-without-mfa/);
    expect(text).toMatch(/1 pending at end of input .*\n {2}grant-without-mfa {2}user:b@acme\.example {2}would step_up/);
  }, 60_000);
});
