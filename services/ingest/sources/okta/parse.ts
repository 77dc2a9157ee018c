// Okta System Log LogEvent → typed event (zod). Fields Okta documents as stable are typed; debugData is
// not a stable contract and stays `unknown` until normalize reads it defensively.
import { z } from 'zod';

const nullableString = z.union([z.string(), z.null()]).optional();
const nullableNumber = z.union([z.number(), z.string(), z.null()]).optional();

export const OktaEventSchema = z.looseObject({
  uuid: z.string().min(1),
  published: z.string().min(1),
  eventType: z.string().min(1),
  severity: nullableString,
  displayMessage: nullableString,
  actor: z.looseObject({
    id: nullableString,
    type: nullableString,
    alternateId: nullableString,
    displayName: nullableString,
  }),
  client: z
    .looseObject({
      ipAddress: nullableString,
      userAgent: z.looseObject({ rawUserAgent: nullableString }).nullable().optional(),
      geographicalContext: z
        .looseObject({
          country: nullableString,
          city: nullableString,
          state: nullableString,
          geolocation: z.looseObject({ lat: nullableNumber, lon: nullableNumber }).nullable().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  outcome: z.looseObject({ result: nullableString, reason: nullableString }).nullable().optional(),
  target: z
    .array(z.looseObject({ id: nullableString, type: nullableString, alternateId: nullableString, displayName: nullableString }))
    .nullable()
    .optional(),
  authenticationContext: z.looseObject({ externalSessionId: nullableString }).nullable().optional(),
  securityContext: z.looseObject({ isProxy: z.unknown(), asOrg: nullableString }).nullable().optional(),
  debugContext: z.looseObject({ debugData: z.unknown() }).nullable().optional(),
});
export type OktaEvent = z.infer<typeof OktaEventSchema>;
