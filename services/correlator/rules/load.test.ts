// What `vigil rules validate` tells an author: each problem with its file, the JSON path to the leaf and a
// plain sentence; every problem of a file, schema and conditions alike; unknown signal types as warnings.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadRules, type LoadResult } from './load.js';

const base = { version: '1', name: 'n', severity: 'low', decision: { action: 'step_up', target: 'user', ttl: '30m', reason: 'r' } };
const match = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'match', ...base, select: { types: ['auth.failure'] }, ...extra });

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-load-'));
  for (const [name, content] of Object.entries(files)) {
    if (name.includes('/')) mkdirSync(join(dir, name.split('/')[0]!), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function problemsOf(r: LoadResult): string[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.map((p) => formatProblem(p, 'rules'));
}

describe('loadRules problems', () => {
  it('a folder that does not exist is named once, by whoever formats the problem', () => {
    const dir = join(tmpdir(), 'vigil-no-such-rules');
    const loaded = loadRules(dir);
    expect(loaded.ok).toBe(false);
    const [p] = (loaded as Extract<LoadResult, { ok: false }>).problems;
    expect(formatProblem(p!, dir)).toBe(`${dir}: rules folder does not exist`);
    expect(formatProblem(p!)).toBe('rules folder does not exist');
  });

  it('unknown-key: names the leaf key and suggests the one meant, without a second "operator is required"', () => {
    const dir = folder({ 'a.json': match('a', { select: { types: ['auth.failure'], where: { all: [{ fact: 'signal', operater: 'equal', value: 1 }] } } }) });
    expect(problemsOf(loadRules(dir))).toEqual(['rules/a.json: select.where.all[0].operater: unknown key "operater" (did you mean "operator"?)']);
  });

  it('unknown-top-level-key: suggests from the schema vocabulary', () => {
    const dir = folder({ 'a.json': match('a', { suppres: '1h' }) });
    expect(problemsOf(loadRules(dir))).toEqual(['rules/a.json: suppres: unknown key "suppres" (did you mean "suppress"?)']);
  });

  it('enum-value: lists the allowed values and the closest', () => {
    const dir = folder({ 'a.json': match('a', { decision: { ...base.decision, target: 'usr' } }) });
    expect(problemsOf(loadRules(dir))).toEqual([
      'rules/a.json: decision.target: must be one of "user", "agent", "device", "session", "ip", "tool", not "usr" (did you mean "user"?)',
    ]);
  });

  it('missing-and-type: a required field and a wrong type read as sentences', () => {
    const dir = folder({ 'a.json': { ...match('a'), name: undefined, version: 3 } });
    expect(problemsOf(loadRules(dir))).toEqual(['rules/a.json: version: must be a string, not number 3', 'rules/a.json: name: is required (a string)']);
  });

  it('compile-error: the path is the leaf, the sentence does not repeat it', () => {
    const dir = folder({ 'a.json': match('a', { when: { all: [{ fact: 'signal', operator: 'nope', value: 1 }] } }) });
    const [p] = problemsOf(loadRules(dir));
    expect(p).toMatch(/^rules\/a\.json: when\.all\[0\]\.operator: unknown operator "nope" \(known: equal, /);
  });

  it('every-problem: a file failing the schema still lists its broken conditions, every tree of them', () => {
    const dir = folder({
      'a.json': match('a', {
        severity: 'loud',
        when: { all: [{ fact: 'signal', path: 'attributes.x', operator: 'equal', value: 1 }] },
        exceptions: [{ any: [{ fact: 'signal', operator: 'inList', value: 'nope' }] }],
      }),
    });
    expect(problemsOf(loadRules(dir))).toEqual([
      expect.stringMatching(/^rules\/a\.json: severity: must be one of .*, not "loud"$/),
      expect.stringMatching(/^rules\/a\.json: when\.all\[0\]\.path: path "attributes\.x" must start with "\$"/),
      'rules/a.json: exceptions[0].any[0].value: "inList": unknown list "nope" (known: none)',
    ]);
  });

  it('whole-file: invalid JSON has no path', () => {
    expect(problemsOf(loadRules(folder({ 'b.json': '{ not json' })))).toEqual([expect.stringMatching(/^rules\/b\.json: is not valid JSON: /)]);
  });

  it('lists-and-settings: their problems carry their own file', () => {
    const dir = folder({ 'lists/l.json': { items: [1] }, 'settings.json': { max_events_per_kee: 5 } });
    expect(problemsOf(loadRules(dir))).toEqual([
      'rules/lists/l.json: items[0]: must be a string, not number 1',
      'rules/settings.json: max_events_per_kee: unknown key "max_events_per_kee" (did you mean "max_events_per_key"?)',
    ]);
  });

  it('unknown-type: a signal type no source emits is a warning with the closest known type, not an error', () => {
    const dir = folder({ 'a.json': match('a', { select: { types: ['auth.falure', 'acme.custom_thing'] } }) });
    const r = loadRules(dir);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => formatProblem(w, 'rules'))).toEqual([
      'rules/a.json: select.types[0]: signal type "auth.falure" is not one Vigil\'s sources emit (did you mean "auth.failure"?); fine for a custom producer',
      'rules/a.json: select.types[1]: signal type "acme.custom_thing" is not one Vigil\'s sources emit; fine for a custom producer',
    ]);
  });

  it('hashes: each rule file has a content hash that changes with any edit, version or not', () => {
    const dir = folder({ 'a.json': match('a') });
    const first = loadRules(dir);
    writeFileSync(join(dir, 'a.json'), JSON.stringify(match('a', { name: 'renamed' })));
    const second = loadRules(dir);
    if (!first.ok || !second.ok) throw new Error('expected valid folders');
    expect(first.hashes.get('a')).toMatch(/^[0-9a-f]{64}$/);
    expect(second.hashes.get('a')).not.toBe(first.hashes.get('a'));
  });
});
