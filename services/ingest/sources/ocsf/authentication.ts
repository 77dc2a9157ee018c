// OCSF Authentication (3002) → `auth.success` / `auth.failure`. Only the configured activities (Logon by
// default) are sign-ins; Logoff, service tickets and the rest are ignored, as are unknown outcomes.
import { IGNORED, clip, compactAttributes, countryOf, text, zodReason, type EventOutcome } from '../../kit/index.js';
import { boolOf, deviceOf, ocsfSeverity, signal, userOf, type OcsfContext } from './common.js';
import { AuthenticationSchema } from './parse.js';

export function normalizeAuthentication(ctx: OcsfContext): EventOutcome {
  if (ctx.activityId === undefined || !ctx.settings.authActivityIds.includes(ctx.activityId)) return IGNORED;
  const parsed = AuthenticationSchema.safeParse(ctx.raw);
  if (!parsed.success) return { error: `Authentication event: ${zodReason(parsed.error)}` };
  const a = parsed.data;
  const e = ctx.event;
  const outcome = e.status_id === 1 ? 'success' : e.status_id === 2 ? 'failure' : outcomeFromCaption(e.status);
  if (!outcome) return IGNORED;

  const ip = text(a.src_endpoint?.ip);
  const loc = a.src_endpoint?.location;
  const attributes = compactAttributes({
    outcome,
    reason: clip(a.status_detail, 512),
    error_code: text(a.status_code),
    ip,
    country: countryOf(loc?.country),
    city: text(loc?.city),
    lat: typeof loc?.lat === 'number' ? loc.lat : undefined,
    lon: typeof loc?.long === 'number' ? loc.long : undefined,
    user_agent: clip(a.http_request?.user_agent, 1024),
    mfa: boolOf(a.is_mfa),
    app: clip(a.service?.name, 256),
    compliant: boolOf(e.device?.is_compliant),
    managed: boolOf(e.device?.is_managed),
    event_type: text(e.type_name),
  });
  const base = outcome === 'success' ? 0 : 30;
  return signal(
    ctx,
    `auth.${outcome}`,
    Math.max(base, ocsfSeverity(e) ?? 0),
    {
      user: userOf(a.user, ctx.aliases),
      device: deviceOf(e.device, ctx.aliases),
      session: text(a.session?.uid)?.slice(0, 512),
      ip: ip && ip.length <= 64 ? ip : undefined,
    },
    attributes,
  );
}

function outcomeFromCaption(status: string | null | undefined): 'success' | 'failure' | undefined {
  const s = status?.trim().toLowerCase() ?? '';
  return s.startsWith('success') ? 'success' : s.startsWith('fail') ? 'failure' : undefined;
}
