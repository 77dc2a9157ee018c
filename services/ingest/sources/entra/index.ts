// Entra ID source: `vigil.raw.entra` records → auth.* and identity.risk signals. A record holds Graph
// objects (signIn, riskDetection, riskyUser, or a `{"value": […]}` page) or Azure Monitor diagnostic
// records through Event Hub (`{time, category, properties}` or a `{"records": […]}` batch).
import { TOPICS } from '@vigil/schemas';
import { IGNORED, handleJsonRecord, isRecord, text, zodReason, type EventOutcome } from '../../kit/index.js';
import type { AliasMap } from '../../aliases.js';
import { type Source } from '../../source.js';
import { normalizeRiskDetection, normalizeRiskyUser } from './normalize-risk.js';
import { normalizeSignIn } from './normalize-sign-in.js';
import { RiskDetectionSchema, RiskyUserSchema, SignInSchema, type Envelope } from './parse.js';
import { EntraSettingsSchema, type EntraSettings } from './settings.js';

export { EntraSettingsSchema, type EntraSettings } from './settings.js';

export const entraSource: Source = {
  name: 'entra',
  signalSource: 'entra',
  topic: TOPICS.rawEntra,
  settingsSchema: EntraSettingsSchema,
  handle(record, ctx) {
    // Validated by processRecord against settingsSchema (and at start).
    const settings = ctx.settings as EntraSettings;
    return handleJsonRecord(record, (value) => readValue(value, ctx.aliases, settings));
  },
};

type Kind = 'signIn' | 'riskDetection' | 'riskyUser';

/** Diagnostic categories Vigil reads; other Entra categories (AuditLogs, ProvisioningLogs, …) are ignored. */
const CATEGORY_KINDS: ReadonlyMap<string, Kind> = new Map(
  Object.entries({
    signinlogs: 'signIn',
    noninteractiveusersigninlogs: 'signIn',
    serviceprincipalsigninlogs: 'signIn',
    managedidentitysigninlogs: 'signIn',
    microsoftserviceprincipalsigninlogs: 'signIn',
    adfssigninlogs: 'signIn',
    userriskevents: 'riskDetection',
    riskyusers: 'riskyUser',
  } satisfies Record<string, Kind>),
);

function readValue(value: unknown, aliases: AliasMap, settings: EntraSettings): EventOutcome[] {
  for (const batch of ['records', 'value'] as const) {
    if (isRecord(value) && Array.isArray(value[batch])) {
      const items = value[batch];
      if (items.length === 0) return [IGNORED];
      return items.flatMap((item, i) => readOne(item, aliases, settings).map((o) => ('error' in o ? { ...o, error: `${batch}[${i}]: ${o.error}` } : o)));
    }
  }
  return readOne(value, aliases, settings);
}

function readOne(value: unknown, aliases: AliasMap, settings: EntraSettings): EventOutcome[] {
  if (!isRecord(value)) return [{ code: 'VIGIL_ERR_UNSUPPORTED', error: 'not an Entra record: expected a JSON object' }];
  let object: Record<string, unknown> = value;
  let envelope: Envelope = {};
  let kind: Kind | undefined;
  if (isRecord(value.properties) && ('category' in value || 'time' in value)) {
    object = value.properties;
    const category = text(value.category);
    envelope = { category, time: value.time, callerIpAddress: text(value.callerIpAddress), resultType: value.resultType };
    if (category) {
      kind = CATEGORY_KINDS.get(category.toLowerCase());
      if (!kind) return [IGNORED];
    }
  }
  kind ??= kindByShape(object);
  if (!kind) {
    return [{ code: 'VIGIL_ERR_UNSUPPORTED', error: 'not an Entra sign-in, risk detection or risky user (no category, @odata.type or telling fields)' }];
  }
  switch (kind) {
    case 'signIn': {
      const parsed = SignInSchema.safeParse(object);
      if (!parsed.success) return [{ error: `not an Entra sign-in: ${zodReason(parsed.error)}` }];
      return normalizeSignIn(parsed.data, envelope, aliases, settings);
    }
    case 'riskDetection': {
      const parsed = RiskDetectionSchema.safeParse(object);
      if (!parsed.success) return [{ error: `not an Entra risk detection: ${zodReason(parsed.error)}` }];
      return [normalizeRiskDetection(parsed.data, envelope, aliases)];
    }
    case 'riskyUser': {
      const parsed = RiskyUserSchema.safeParse(object);
      if (!parsed.success) return [{ error: `not an Entra risky user: ${zodReason(parsed.error)}` }];
      return [normalizeRiskyUser(parsed.data, envelope, aliases)];
    }
  }
}

/** Graph objects carry `@odata.type` only sometimes; otherwise a field only that object has decides. */
function kindByShape(o: Record<string, unknown>): Kind | undefined {
  const odata = text(o['@odata.type'])?.toLowerCase();
  if (odata?.endsWith('.signin')) return 'signIn';
  if (odata?.endsWith('.riskdetection')) return 'riskDetection';
  if (odata?.endsWith('.riskyuser')) return 'riskyUser';
  if ('riskEventType' in o || 'detectedDateTime' in o) return 'riskDetection';
  if ('riskLastUpdatedDateTime' in o) return 'riskyUser';
  if ('createdDateTime' in o && ('status' in o || 'appId' in o || 'userPrincipalName' in o)) return 'signIn';
  return undefined;
}
