// Okta System Log source: `vigil.raw.okta` records (one LogEvent or an array) → signals.
import { TOPICS } from '@vigil/schemas';
import { decodeJsonValues, zodReason } from '../../kit/index.js';
import { emptyResult, rawRefOf, type Source, type SourceResult } from '../../source.js';
import { normalizeOktaEvent } from './normalize.js';
import { OktaEventSchema } from './parse.js';

export const oktaSource: Source = {
  name: 'okta',
  signalSource: 'okta',
  topic: TOPICS.rawOkta,
  handle(record, ctx): SourceResult {
    const decoded = decodeJsonValues(record.value);
    if (!decoded.ok) return { ...emptyResult(), problems: [{ code: 'VIGIL_ERR_PARSE', reason: decoded.reason }] };
    const out = emptyResult();
    const many = decoded.values.length > 1;
    for (const [i, value] of decoded.values.entries()) {
      const where = many ? `event ${i}: ` : '';
      const parsed = OktaEventSchema.safeParse(value);
      if (!parsed.success) {
        out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `${where}not an Okta LogEvent: ${zodReason(parsed.error)}` });
        continue;
      }
      const n = normalizeOktaEvent(parsed.data, ctx.aliases);
      if ('signal' in n) out.signals.push({ ...n.signal, raw_ref: rawRefOf(record) });
      else if ('ignored' in n) out.ignored++;
      else out.problems.push({ code: 'VIGIL_ERR_VALIDATION', reason: `${where}${n.error}` });
    }
    return out;
  },
};
