// OCSF compliance → `device.compliance`. Compliance Finding (2003) reads `compliance.status_id` (1 Pass,
// 3 Fail); Device Config State Change (5019) reads `security_level_id` (1 Secure, 2 At Risk, 3 Compromised),
// else `device.is_compliant`, else the device's security states. A finding about no device, or a state
// that says nothing about compliance (Warning, Unknown, a bare Enabled/Disabled change), is ignored.
import { IGNORED, clip, compactAttributes, text, zodReason, type EventOutcome } from '../../kit/index.js';
import { boolOf, deviceOf, ocsfSeverity, signal, type OcsfContext } from './common.js';
import { ComplianceFindingSchema, DeviceConfigStateChangeSchema } from './parse.js';

const COMPROMISED = 3;
/** security_state ids that do not by themselves make a device non-compliant: Unknown, Reboot pending, Content locked, Other. */
const BENIGN_STATES = new Set([0, 9, 10, 99]);

export function normalizeComplianceFinding(ctx: OcsfContext): EventOutcome {
  const parsed = ComplianceFindingSchema.safeParse(ctx.raw);
  if (!parsed.success) return { error: `Compliance Finding: ${zodReason(parsed.error)}` };
  const c = parsed.data.compliance;
  const compliant = c?.status_id === 1 ? true : c?.status_id === 3 ? false : fromCaption(c?.status);
  const device = deviceOf(ctx.event.device, ctx.aliases);
  if (compliant === undefined || !device) return IGNORED;
  return signal(
    ctx,
    'device.compliance',
    compliant ? 0 : (ocsfSeverity(ctx.event) ?? 50),
    { device },
    compactAttributes({
      compliant,
      managed: boolOf(ctx.event.device?.is_managed),
      reason: clip(parsed.data.finding_info?.title ?? c?.control, 512),
      event_type: text(ctx.event.type_name),
    }),
  );
}

export function normalizeDeviceConfigStateChange(ctx: OcsfContext): EventOutcome {
  const parsed = DeviceConfigStateChangeSchema.safeParse(ctx.raw);
  if (!parsed.success) return { error: `Device Config State Change: ${zodReason(parsed.error)}` };
  const s = parsed.data;
  const badStates = (s.security_states ?? []).filter((x) => typeof x.state_id === 'number' && !BENIGN_STATES.has(x.state_id));
  const compliant = fromLevel(s.security_level_id) ?? boolOf(ctx.event.device?.is_compliant) ?? (badStates.length ? false : undefined);
  const device = deviceOf(ctx.event.device, ctx.aliases);
  if (compliant === undefined || !device) return IGNORED;

  const floor = s.security_level_id === COMPROMISED ? 70 : 50;
  const severity = compliant ? 0 : Math.max(floor, ocsfSeverity(ctx.event) ?? 0);
  const reasons = badStates.map((x) => text(x.state)).filter((x): x is string => x !== undefined);
  return signal(
    ctx,
    'device.compliance',
    severity,
    { device },
    compactAttributes({
      compliant,
      previous_compliant: fromLevel(s.prev_security_level_id),
      managed: boolOf(ctx.event.device?.is_managed),
      reason: clip(reasons.length ? reasons.join(', ') : s.security_level, 512),
      event_type: text(ctx.event.type_name),
    }),
  );
}

/** security_level_id: 1 Secure → compliant; 2 At Risk, 3 Compromised → not; others undetermined. */
function fromLevel(id: number | null | undefined): boolean | undefined {
  return id === 1 ? true : id === 2 || id === COMPROMISED ? false : undefined;
}

function fromCaption(status: string | null | undefined): boolean | undefined {
  const s = status?.trim().toLowerCase() ?? '';
  return s.startsWith('pass') ? true : s.startsWith('fail') ? false : undefined;
}
