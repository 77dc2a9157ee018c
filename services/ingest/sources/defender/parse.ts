// Microsoft Defender alerts → typed shapes (zod): Graph security alert v2 (`/security/alerts_v2`, evidence
// typed by `@odata.type`) and the legacy Defender for Endpoint `/api/alerts` shape.
import { z } from 'zod';

const str = z.string().nullish();
const id = z.union([z.string(), z.number()]).nullish();

const FileDetailsSchema = z.looseObject({ fileName: str, filePath: str, sha256: str, sha1: str });
const UserAccountSchema = z.looseObject({ userPrincipalName: str, accountName: str, domainName: str, azureAdUserId: str, userSid: str });

/** One evidence entity; which fields are present depends on `@odata.type`. */
export const GraphEvidenceSchema = z.looseObject({
  '@odata.type': str,
  mdeDeviceId: str,
  deviceDnsName: str,
  azureAdDeviceId: str,
  userAccount: UserAccountSchema.nullish(),
  fileDetails: FileDetailsSchema.nullish(),
  imageFile: FileDetailsSchema.nullish(),
  processCommandLine: str,
  ipAddress: str,
  countryLetterCode: str,
});
export type GraphEvidence = z.infer<typeof GraphEvidenceSchema>;

export const GraphAlertSchema = z.looseObject({
  id: z.string().min(1),
  title: str,
  severity: str,
  category: str,
  status: str,
  createdDateTime: z.string().min(1),
  mitreTechniques: z.array(z.string()).nullish(),
  evidence: z.array(GraphEvidenceSchema).nullish(),
});
export type GraphAlert = z.infer<typeof GraphAlertSchema>;

/** Legacy evidence rows (`entityType` File, Process, User, Ip, Url …), all fields on one flat object. */
export const LegacyEvidenceSchema = z.looseObject({
  entityType: str,
  sha256: str,
  sha1: str,
  fileName: str,
  filePath: str,
  processId: id,
  processCommandLine: str,
  ipAddress: str,
  url: str,
  accountName: str,
  domainName: str,
  userSid: str,
  aadUserId: str,
  userPrincipalName: str,
});
export type LegacyEvidence = z.infer<typeof LegacyEvidenceSchema>;

export const LegacyAlertSchema = z.looseObject({
  id: z.string().min(1),
  title: str,
  severity: str,
  category: str,
  status: str,
  alertCreationTime: z.string().min(1),
  machineId: str,
  computerDnsName: str,
  relatedUser: z.looseObject({ userName: str, domainName: str }).nullish(),
  mitreTechniques: z.array(z.string()).nullish(),
  // Exports flatten alerts to one row per alert × evidence, with `evidence` a single object.
  evidence: z.union([LegacyEvidenceSchema, z.array(LegacyEvidenceSchema)]).nullish(),
});
export type LegacyAlert = z.infer<typeof LegacyAlertSchema>;
