// The body of POST /v1/overrides: who (subject key), what (action), for how long (ttl: "15m" or seconds,
// at most 30 days) and why. Unknown fields are rejected; user and device ids are lower-cased like everywhere else.
import { z } from 'zod';
import { parseDurationMs } from '@vigil/core';
import { ActionSchema, parseSubjectKey, subjectKey, SubjectKeySchema } from '@vigil/schemas';

export const MAX_OVERRIDE_TTL_MS = 30 * 86_400_000;
export const OVERRIDE_BODY_LIMIT_BYTES = 16 * 1024;

export const SubjectParamSchema = SubjectKeySchema.transform((key, ctx) => {
  const parsed = parseSubjectKey(key);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'subject key must be <kind>:<id>' });
    return z.NEVER;
  }
  return subjectKey(parsed.kind, parsed.id);
});

export const OverrideRequestSchema = z
  .strictObject({
    subject: SubjectParamSchema,
    action: ActionSchema,
    ttl: z.union([z.string().max(32), z.number()]).transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === undefined || ms < 1000 || ms > MAX_OVERRIDE_TTL_MS) {
        ctx.addIssue({ code: 'custom', message: 'ttl is a duration ("90s", "15m", "4h", "7d") or seconds, from 1s to 30d' });
        return z.NEVER;
      }
      return ms;
    }),
    reason: z.string().trim().min(1, 'say why: the reason is audited').max(1024),
  })
  .transform(({ ttl, ...rest }) => ({ ...rest, ttlMs: ttl }));

export type OverrideRequest = z.output<typeof OverrideRequestSchema>;
