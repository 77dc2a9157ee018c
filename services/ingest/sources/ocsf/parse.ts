// OCSF 1.x events → typed shapes (zod). The base event is checked for every class; the classes Vigil maps
// (Authentication 3002, Detection Finding 2004, Compliance Finding 2003, Device Config State Change 5019)
// get their own schemas. Only the attributes Vigil reads are typed.
import { z } from 'zod';

const str = z.string().nullish();
const uid = z.union([z.string(), z.number()]).nullish();
const int = z.number().int().nullish();
// Some producers write booleans as strings ("true").
const bool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])]).nullish();

export const UserSchema = z.looseObject({ name: str, uid, email_addr: str, domain: str });
export type OcsfUser = z.infer<typeof UserSchema>;

export const DeviceSchema = z.looseObject({ hostname: str, name: str, uid, is_compliant: bool, is_managed: bool });
export type OcsfDevice = z.infer<typeof DeviceSchema>;

const EndpointSchema = z.looseObject({
  ip: str,
  hostname: str,
  location: z.looseObject({ country: str, city: str, lat: z.number().nullish(), long: z.number().nullish() }).nullish(),
});

export const BaseEventSchema = z.looseObject({
  class_uid: z.number().int().min(0),
  category_uid: int,
  activity_id: int,
  type_uid: int,
  type_name: str,
  time: z.union([z.number(), z.string()]).nullish(),
  time_dt: str,
  severity_id: int,
  severity: str,
  status_id: int,
  status: str,
  metadata: z.looseObject({ uid: str, version: str, product: z.looseObject({ name: str, vendor_name: str }).nullish() }).nullish(),
  device: DeviceSchema.nullish(),
  actor: z.looseObject({ user: UserSchema.nullish() }).nullish(),
});
export type OcsfBaseEvent = z.infer<typeof BaseEventSchema>;

export const AuthenticationSchema = z.looseObject({
  user: UserSchema.nullish(),
  src_endpoint: EndpointSchema.nullish(),
  is_mfa: bool,
  status_code: uid,
  status_detail: str,
  session: z.looseObject({ uid }).nullish(),
  http_request: z.looseObject({ user_agent: str }).nullish(),
  service: z.looseObject({ name: str }).nullish(),
});
export type OcsfAuthentication = z.infer<typeof AuthenticationSchema>;

const NamedSchema = z.looseObject({ uid, name: str }).nullish();
const AttackSchema = z.looseObject({
  technique: NamedSchema,
  sub_technique: NamedSchema,
  tactic: NamedSchema,
  tactics: z.array(z.looseObject({ uid, name: str })).nullish(),
});
const FileSchema = z.looseObject({ name: str, hashes: z.array(z.looseObject({ algorithm_id: int, algorithm: str, value: str })).nullish() });

export const DetectionFindingSchema = z.looseObject({
  finding_info: z.looseObject({ uid, title: str, attacks: z.array(AttackSchema).nullish() }).nullish(),
  attacks: z.array(AttackSchema).nullish(),
  evidences: z.array(z.looseObject({ process: z.looseObject({ cmd_line: str, file: FileSchema.nullish() }).nullish(), file: FileSchema.nullish() })).nullish(),
});
export type OcsfDetectionFinding = z.infer<typeof DetectionFindingSchema>;
export type OcsfFile = z.infer<typeof FileSchema>;

export const ComplianceFindingSchema = z.looseObject({
  compliance: z.looseObject({ status_id: int, status: str, control: str }).nullish(),
  finding_info: z.looseObject({ uid, title: str }).nullish(),
});
export type OcsfComplianceFinding = z.infer<typeof ComplianceFindingSchema>;

const SecurityStateSchema = z.looseObject({ state_id: int, state: str });
export const DeviceConfigStateChangeSchema = z.looseObject({
  security_level_id: int,
  security_level: str,
  prev_security_level_id: int,
  security_states: z.array(SecurityStateSchema).nullish(),
});
export type OcsfDeviceConfigStateChange = z.infer<typeof DeviceConfigStateChangeSchema>;

/** `sources.ocsf` settings. */
export const OcsfSettingsSchema = z.strictObject({
  /** Authentication activity ids read as sign-ins (1 Logon; add 3 Authentication Ticket for Kerberos TGTs). */
  authActivityIds: z.array(z.number().int().min(0).max(99)).min(1).default([1]),
});
export type OcsfSettings = z.infer<typeof OcsfSettingsSchema>;
