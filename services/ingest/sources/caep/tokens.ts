// The SETs in one record: a compact JWS as pushed (RFC 8935), a JSON string holding one, a JSON array of
// them, or an RFC 8936 poll response `{"sets": {"<jti>": "<SET>", …}}` as a receiver would store it.
import type { ErrorCode } from '@vigil/core';
import { decodeUtf8, isRecord } from '../../kit/index.js';

export interface TokenEntry {
  /** Where the token sat in the record, for problem reasons; empty for a bare token. */
  where: string;
  token: string;
}

export type TokensRead = { tokens: TokenEntry[]; problems: { code: ErrorCode; reason: string }[] } | { code: ErrorCode; reason: string };

export function tokensOf(bytes: Uint8Array): TokensRead {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { code: 'VIGIL_ERR_PARSE', reason: 'value is not valid UTF-8' };
  const t = text.trim();
  if (!t) return { code: 'VIGIL_ERR_PARSE', reason: 'value is empty' };
  if (!/^[[{"]/.test(t)) return { tokens: [{ where: '', token: t }], problems: [] };

  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch (err) {
    return { code: 'VIGIL_ERR_PARSE', reason: `value is neither a compact JWS nor valid JSON: ${(err as Error).message}` };
  }
  if (typeof value === 'string') return { tokens: [{ where: '', token: value.trim() }], problems: [] };
  let entries: [string, unknown][];
  if (Array.isArray(value)) entries = value.map((v, i) => [`[${i}]`, v]);
  else if (isRecord(value) && isRecord(value.sets)) entries = Object.entries(value.sets).map(([jti, v]) => [`sets[${JSON.stringify(jti.slice(0, 64))}]`, v]);
  else
    return {
      code: 'VIGIL_ERR_UNSUPPORTED',
      reason: 'a JSON value that is neither a SET string, an array of SETs, nor an RFC 8936 poll response ({"sets": {…}})',
    };
  const out: TokensRead = { tokens: [], problems: [] };
  for (const [where, v] of entries) {
    if (typeof v === 'string') out.tokens.push({ where, token: v.trim() });
    else out.problems.push({ code: 'VIGIL_ERR_PARSE', reason: `${where}: not a SET string` });
  }
  return out;
}
