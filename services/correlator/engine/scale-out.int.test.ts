// Two correlator instances on one Redis, each evaluating its own share of the signals at the same time:
// updates of a subject that both touch (an agent acting for many users) are never lost, and a decision
// suppressed per subject is made once, not once per instance.
import { describe, expect, it } from 'vitest';
import type { Signal } from '@vigil/schemas';
import type { RuleInput } from '../rules/schema.js';
import { subjectStateKey } from '@vigil/store';
import { useRedisStore } from '../../../test/helpers/redis-store.js';
import { Correlator } from './correlator.js';
import { grantWithoutMfa, ruleSet, sig, T0 } from './testing/factories.js';

const SOURCES = 40;

const sprawl: RuleInput = {
  id: 'sprawl',
  version: '1',
  name: 'sprawl',
  kind: 'aggregate',
  severity: 'medium',
  key: 'agent',
  window: '1h',
  select: { types: ['agent.retrieval'] },
  distinct: 'attributes.data_source',
  when: { all: [{ fact: 'distinct', operator: 'greaterThanInclusive', value: SOURCES }] },
  decision: { action: 'step_up', target: 'agent', ttl: '30m', reason: '{{distinct}} sources' },
};

const anyCall: RuleInput = {
  id: 'any-call',
  version: '1',
  name: 'any call',
  kind: 'match',
  severity: 'high',
  select: { types: ['agent.tool_call'] },
  decision: { action: 'block', target: 'agent', ttl: '1h', reason: 'called a tool' },
};

/** One instance's loop as the service runs it: evaluate a batch, publish (here: collect), commit, next. */
async function run(c: Correlator, batches: Signal[][], decided: string[]): Promise<void> {
  for (const b of batches) {
    const out = await c.process(b);
    decided.push(...out.decisions.map((d) => d.reason));
    await out.commit();
  }
}

describe('scale-out on Redis: two instances, one subject', () => {
  const redis = useRedisStore();
  /** Pauses of claims that found a subject held by the other instance. */
  let waits = 0;
  // Each instance has its own connection, as two processes would.
  const instances = async (rules: RuleInput[]): Promise<[Correlator, Correlator]> => {
    const one = async () => new Correlator(ruleSet(rules), { store: await redis.another(), clock: 'event', onClaimWait: async () => void waits++ });
    return [await one(), await one()];
  };

  it('counts every data source of an agent whose users are spread over both instances', async () => {
    const [a, b] = await instances([sprawl]);
    // User i's signal names source i: every signal is on its user's partition, the agent's window is shared.
    const signal = (i: number) => sig('agent.retrieval', i / 10, { user: `u${i}@x`, agent: 'hub' }, { data_source: `ds-${i}` });
    const share = (odd: number) => Array.from({ length: SOURCES / 2 }, (_, j) => [signal(2 * j + odd)]);
    const decided: string[] = [];
    await Promise.all([run(a, share(0), decided), run(b, share(1), decided)]);
    // A lost update leaves fewer than 40 sources in the window, and nothing fires.
    expect(decided).toEqual([`${SOURCES} sources`]);
    expect(waits).toBeGreaterThan(0);
  });

  it('suppresses per subject across instances: one decision, not one per instance', async () => {
    const [a, b] = await instances([anyCall]);
    const calls = (from: number) =>
      Array.from({ length: 10 }, (_, j) => [sig('agent.tool_call', j / 10, { user: `c${from + j}@x`, agent: 'busy' }, { tool: 't' })]);
    const decided: string[] = [];
    await Promise.all([run(a, calls(0), decided), run(b, calls(100), decided)]);
    expect(decided).toEqual(['called a tool']);
  });

  it('claims the subject of a deadline and its decision target at once: waiting for one, it holds neither', async () => {
    // Keyed by the device, decided on the user: the sweep learns the user from the device's record.
    const deviceGrant = { ...grantWithoutMfa, id: 'device-grant', key: 'device' } as RuleInput;
    const [a] = await instances([deviceGrant]);
    await (await a.process([sig('identity.privilege_grant', 0, { user: 'target@x', device: 'dev-1' })])).commit();
    const user = subjectStateKey('user:target@x');
    const other = await redis.another();
    await other.claimMany([user], { holder: 'other', ms: 60_000 });
    const pauses: string[] = [];
    const sweeper = new Correlator(ruleSet([deviceGrant]), {
      store: await redis.another(),
      clock: 'event',
      onClaimWait: async () => {
        pauses.push(String(await other.client.get(`${subjectStateKey('device:dev-1')}:lease`)));
        if (pauses.length === 3) await other.write({ lease: { holder: 'other', release: [user] } });
      },
    });
    const out = await sweeper.sweep(T0 + 20 * 60_000);
    expect(pauses).toEqual(['null', 'null', 'null']);
    expect(out.decisions.map((d) => d.subject)).toEqual(['user:target@x']);
    await out.commit();
  });

  it('fires an absence both instances find due once', async () => {
    const [a, b] = await instances([grantWithoutMfa]);
    await (await a.process([sig('identity.privilege_grant', 0, { user: 'grant-race@x' })])).commit();
    const fired: string[] = [];
    const sweep = async (c: Correlator) => {
      const out = await c.sweep(T0 + 20 * 60_000);
      fired.push(...out.decisions.map((d) => d.subject));
      await out.commit();
    };
    await Promise.all([sweep(a), sweep(b)]);
    expect(fired).toEqual(['user:grant-race@x']);
  });
});
