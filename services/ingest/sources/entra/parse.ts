// Entra ID objects → typed shapes (zod): Graph `signIn`, `riskDetection` and `riskyUser`, as Graph returns
// them or as Azure Monitor puts them in `properties`. Only fields Vigil reads are typed; lists that some
// exports flatten into JSON strings (riskEventTypes_v2, authenticationDetails) stay unknown until read.
import { z } from 'zod';

const str = z.string().nullish();
const num = z.union([z.number(), z.string()]).nullish();
const bool = z.union([z.boolean(), z.string()]).nullish();

const LocationSchema = z
  .looseObject({
    city: str,
    state: str,
    countryOrRegion: str,
    geoCoordinates: z.looseObject({ latitude: num, longitude: num }).nullish(),
  })
  .nullish();

export const SignInSchema = z.looseObject({
  id: z.string().min(1),
  createdDateTime: str,
  userPrincipalName: str,
  userId: str,
  userDisplayName: str,
  appId: str,
  appDisplayName: str,
  resourceDisplayName: str,
  servicePrincipalId: str,
  servicePrincipalName: str,
  ipAddress: str,
  clientAppUsed: str,
  userAgent: str,
  correlationId: str,
  sessionId: str,
  isInteractive: bool,
  conditionalAccessStatus: str,
  riskLevelDuringSignIn: str,
  riskLevelAggregated: str,
  riskState: str,
  riskDetail: str,
  riskEventTypes_v2: z.unknown().optional(),
  authenticationRequirement: str,
  authenticationDetails: z.unknown().optional(),
  signInEventTypes: z.unknown().optional(),
  status: z.looseObject({ errorCode: num, failureReason: str, additionalDetails: str }).nullish(),
  deviceDetail: z
    .looseObject({ deviceId: str, displayName: str, operatingSystem: str, browser: str, isCompliant: bool, isManaged: bool, trustType: str })
    .nullish(),
  location: LocationSchema,
});
export type SignIn = z.infer<typeof SignInSchema>;

export const RiskDetectionSchema = z.looseObject({
  id: z.string().min(1),
  riskEventType: str,
  riskType: str,
  riskLevel: str,
  riskState: str,
  riskDetail: str,
  source: str,
  detectionTimingType: str,
  activity: str,
  ipAddress: str,
  location: LocationSchema,
  activityDateTime: str,
  detectedDateTime: str,
  lastUpdatedDateTime: str,
  userId: str,
  userPrincipalName: str,
  userDisplayName: str,
  correlationId: str,
  additionalInfo: z.unknown().optional(),
});
export type RiskDetection = z.infer<typeof RiskDetectionSchema>;

export const RiskyUserSchema = z.looseObject({
  id: z.string().min(1),
  userPrincipalName: str,
  userDisplayName: str,
  riskLevel: str,
  riskState: str,
  riskDetail: str,
  riskLastUpdatedDateTime: str,
  isDeleted: bool,
});
export type RiskyUser = z.infer<typeof RiskyUserSchema>;

export type Location = z.infer<typeof LocationSchema>;

/** What the Azure Monitor envelope adds around `properties` (DESIGN.md §5: `time` may be US-locale). */
export interface Envelope {
  category?: string | undefined;
  time?: unknown;
  callerIpAddress?: string | undefined;
  /** `"0"` on success, else the sign-in error code, as a string. */
  resultType?: unknown;
}
