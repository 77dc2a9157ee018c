import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Signal } from '@vigil/schemas';
import type { SourceContext } from '../../source.js';
import { FUZZ_RUNS, fuzzSource, runSource } from '../../testing/source-harness.js';
import { caepSource } from './index.js';
import { MDM, caepContext, issuerKey, payloadFixture, signSet, type IssuerKey } from './testing.js';

const FIXTURES = ['session-revoked.json', 'credential-change.json', 'device-compliance-change.json', 'risk-level-change.json', 'risc-account-disabled.json'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';

let ctx: SourceContext;
let tokens: string[];
let originals: Map<string, Signal>;

beforeAll(async () => {
  const idp: IssuerKey = await issuerKey('EdDSA', 'idp-2026');
  const mdm: IssuerKey = await issuerKey('ES256', 'mdm-1');
  ctx = caepContext(idp, mdm);
  tokens = await Promise.all(FIXTURES.map((f) => payloadFixture(f)).map((p) => signSet(p, p.iss === MDM ? mdm : idp)));
  originals = new Map();
  for (const t of tokens) originals.set(t, (await runSource(caepSource, t, ctx)).signals[0]!);
});

describe('caep source: fuzz', () => {
  it('never throws on arbitrary bytes or mutated poll responses', async () => {
    await fuzzSource(caepSource, [JSON.stringify({ sets: Object.fromEntries(tokens.map((t, i) => [`jti-${i}`, t])) })], ctx);
  }, 120_000);

  it('never turns a mutated token into a signal other than the original one', async () => {
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...ALPHABET.split('')));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: FIXTURES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), async (which, edits) => {
        const original = tokens[which]!;
        let t = original;
        for (const [pos, op, ch] of edits) {
          const i = pos % (t.length + 1);
          if (op === 0) t = t.slice(0, i) + ch + t.slice(i + 1);
          else if (op === 1) t = t.slice(0, i) + ch + t.slice(i);
          else if (op === 2) t = t.slice(0, i) + t.slice(i + 1);
          else t = t.slice(0, i);
        }
        const out = await runSource(caepSource, t, ctx);
        expect(out.signals.length + out.ignored + out.deadletters.length).toBeGreaterThan(0);
        // Only an edit that leaves the signed bytes as they were (e.g. unused base64 bits) may still verify.
        for (const s of out.signals) expect(s).toEqual(originals.get(original));
        if (out.signals.length === 0) expect(out.deadletters[0]!.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 120_000);
});
