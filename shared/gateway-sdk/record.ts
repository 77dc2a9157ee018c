// One `vigil.decisions` record in: the detached JWS in header `vigil-signature` checked against the trusted
// keys over the exact value bytes, then the value parsed as a Decision v1. Anything else is dropped.
import { DecisionSchema, type Decision } from '@vigil/schemas';
import type { Verifier } from '@vigil/signing';

export type DropReason = 'unsigned' | 'forged' | 'invalid';

export type RecordResult = { ok: true; decision: Decision; kid: string } | { ok: false; reason: DropReason; detail: string };

export async function readDecisionRecord(verify: Verifier, value: Uint8Array, signature: string | undefined): Promise<RecordResult> {
  const verdict = await verify(value, signature);
  if (!verdict.ok) return { ok: false, reason: signature ? 'forged' : 'unsigned', detail: verdict.reason };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'invalid', detail: `value is not JSON: ${(err as Error).message}` };
  }
  const parsed = DecisionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'invalid', detail: `not a Decision v1: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}` };
  }
  return { ok: true, decision: parsed.data, kid: verdict.kid };
}
