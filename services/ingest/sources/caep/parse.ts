// A verified SET's claims (RFC 8417, SSF 1.0) → typed payload (zod). Event bodies stay records: each event
// type reads its own members in events.ts. `txn` is a string in RFC 8417 but a number in CAEP's examples.
import { z } from 'zod';

export const SetPayloadSchema = z.looseObject({
  iss: z.string().min(1),
  jti: z.string().min(1).max(256),
  iat: z.number(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  txn: z.union([z.string(), z.number()]).optional(),
  toe: z.number().optional(),
  sub: z.string().optional(),
  sub_id: z.unknown().optional(),
  events: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type SetPayload = z.infer<typeof SetPayloadSchema>;

export const CAEP_EVENT = 'https://schemas.openid.net/secevent/caep/event-type/';
export const RISC_EVENT = 'https://schemas.openid.net/secevent/risc/event-type/';
