import { describe, expect, it } from 'vitest';
import { defaultOutputs, parseOutputs } from './outputs-config.js';
import { SINKS } from './registry.js';

const ctx = (defaultConsole: boolean) => ({ env: {}, alertsTopic: 'acme.vigil.alerts', defaultConsole });

describe('VIGIL_OUTPUTS', () => {
  it('defaults to the ECS alerts topic (nothing to do), plus the console on the embedded bus', () => {
    expect(defaultOutputs('acme.vigil.alerts', false)).toEqual(['kafka:acme.vigil.alerts?format=ecs']);
    expect(parseOutputs(undefined, ctx(false)).map((s) => [s.type, Boolean(s.noop)])).toEqual([['kafka', true]]);
    expect(parseOutputs('  ', ctx(true)).map((s) => [s.type, Boolean(s.noop)])).toEqual([
      ['kafka', true],
      ['console', false],
    ]);
    // Set explicitly, it is what runs: no console added.
    expect(parseOutputs('kafka:acme.vigil.alerts', ctx(true)).map((s) => s.type)).toEqual(['kafka']);
  });

  it('names sinks after their type unless name= says otherwise, and refuses two active sinks of one name', () => {
    expect(parseOutputs('console:,console:stderr?name=errors', ctx(false)).map((s) => s.name)).toEqual(['console', 'errors']);
    expect(() => parseOutputs('console:,console:stderr', ctx(false))).toThrow(/2 sinks are named "console"/);
  });

  it('has one scheme owner per scheme, and every sink answers its own type', () => {
    const schemes = SINKS.flatMap((s) => s.schemes);
    expect(new Set(schemes).size).toBe(schemes.length);
    for (const s of SINKS) expect(s.schemes.every((x) => x === s.type || x.startsWith(`${s.type}+`))).toBe(true);
  });
});
