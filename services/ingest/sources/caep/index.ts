// CAEP / RISC source: `vigil.raw.caep` records (Security Event Tokens, DESIGN.md §5) → identity, session and
// device signals. Every SET is verified against the issuers in `sources.caep` before it is read.
import { TOPICS } from '@vigil/schemas';
import { emptyResult, problemResult, rawRefOf, type Source, type SourceResult } from '../../source.js';
import { zodReason } from '../../kit/index.js';
import { normalizeSet } from './normalize.js';
import { SetPayloadSchema } from './parse.js';
import { CaepSettingsSchema, type CaepSettings } from './settings.js';
import { tokensOf } from './tokens.js';
import { verifierFor } from './verify.js';

export { CaepSettingsSchema, SET_ALGORITHMS, type CaepSettings } from './settings.js';

export const caepSource: Source = {
  name: 'caep',
  signalSource: 'caep',
  topic: TOPICS.rawCaep,
  settingsSchema: CaepSettingsSchema,
  check(settings) {
    const verifier = verifierFor(settings as CaepSettings);
    return 'error' in verifier ? [verifier.error] : [];
  },
  async handle(record, ctx): Promise<SourceResult> {
    // Validated by processRecord against settingsSchema (and at start).
    const settings = ctx.settings as CaepSettings;
    const verifier = verifierFor(settings);
    if ('error' in verifier) return problemResult('VIGIL_ERR_CONFIG', verifier.error);
    const read = tokensOf(record.value);
    if ('code' in read) return problemResult(read.code, read.reason);

    const out = emptyResult();
    out.problems.push(...read.problems);
    if (read.tokens.length === 0 && read.problems.length === 0) out.ignored = 1;
    const ref = rawRefOf(record);
    for (const { where, token } of read.tokens) {
      const prefix = where ? `${where}: ` : '';
      const verified = await verifier.verify(token, ctx.now());
      if (!verified.ok) {
        out.problems.push({ code: verified.code, reason: prefix + verified.reason });
        continue;
      }
      const parsed = SetPayloadSchema.safeParse(verified.payload);
      if (!parsed.success) {
        out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `${prefix}not a Security Event Token: ${zodReason(parsed.error)}` });
        continue;
      }
      const n = normalizeSet(parsed.data, ctx.aliases);
      if ('signal' in n) out.signals.push({ ...n.signal, raw_ref: ref });
      else if ('ignored' in n) out.ignored++;
      else out.problems.push({ code: n.code ?? 'VIGIL_ERR_VALIDATION', reason: prefix + n.error });
    }
    return out;
  },
};
