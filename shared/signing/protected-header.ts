// The protected header a Vigil signature may carry, checked the same way by the node:crypto verifier and
// the jose-based one so the decision API and SDK gateways accept exactly the same records.
import { ALG } from './keys.js';

/** Why a decoded protected header is not acceptable, or undefined when it is. */
export function protectedHeaderProblem(header: unknown): string | undefined {
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return 'signature header is not a JSON object';
  const h = header as Record<string, unknown>;
  if (h.alg !== ALG) return `signature algorithm ${String(h.alg)} is not accepted`;
  // RFC 7515 §4.1.11: extensions listed in `crit` must be understood or the JWS rejected; Vigil uses none.
  if ('crit' in h) return 'signature header lists critical extensions (crit), which are not accepted';
  // RFC 7797: `b64: false` signs the payload unencoded; Vigil signs base64url(value) only.
  if (h.b64 === false) return 'signature header sets b64: false (unencoded payload), which is not accepted';
  if (h.kid !== undefined && typeof h.kid !== 'string') return 'signature kid is not a string';
  return undefined;
}
