// Alert → OCSF 1.8 Detection Finding (class 2004), with the Security Control profile for what was enforced
// and the Host profile for who acted. Everything OCSF has no place for travels in `unmapped.vigil`.
import type { Alert, Signal } from '@vigil/schemas';
import { alertFacts, alertMessage, isIpAddress, looksOpaqueId, signalIps, userName, type AlertFacts } from './alert-facts.js';
import {
  ACTION,
  ACTIVITY,
  ANALYTIC_TYPE,
  DETECTION_FINDING,
  DEVICE_TYPE,
  DISPOSITION,
  OCSF_VERSION,
  RISK_LEVEL,
  SEVERITY,
  STATUS,
  TYPE_UID_BASE,
} from './ocsf-2004.js';
import { productVersion, VIGIL_PRODUCT, VIGIL_VENDOR, type EncodeOptions } from './product.js';
import { SEVERITY_IN_FORMATS } from './severity.js';

const FINDING_TYPES: Readonly<Record<Alert['kind'], string>> = {
  decision: 'Vigil Decision',
  shadow: 'Vigil Shadow Decision',
  override: 'Vigil Override',
};

export function encodeOcsf(alert: Alert, options?: EncodeOptions): Record<string, unknown> {
  const f = alertFacts(alert);
  const d = alert.decision;
  // Every alert is a new finding with its own uid (overrides too): Vigil never re-emits one, so no Update / Close.
  const activityId = 1;
  const severityId = SEVERITY_IN_FORMATS[alert.severity].ocsfId;
  const { actionId, dispositionId } = enforcement(f);
  const riskLevelId = riskLevel(alert.risk);
  const actor = actorOf(f.user?.id, f.agent, f.session);
  const device = f.device === undefined ? undefined : deviceOf(f.device);
  return compact({
    activity_id: activityId,
    activity_name: ACTIVITY[activityId],
    category_uid: DETECTION_FINDING.category_uid,
    category_name: DETECTION_FINDING.category_name,
    class_uid: DETECTION_FINDING.class_uid,
    class_name: DETECTION_FINDING.class_name,
    type_uid: TYPE_UID_BASE + activityId,
    type_name: `${DETECTION_FINDING.class_name}: ${ACTIVITY[activityId]}`,
    time: f.createdMs,
    start_time: f.firstSeenMs,
    end_time: f.lastSeenMs,
    severity_id: severityId,
    severity: SEVERITY[severityId],
    status_id: 1,
    status: STATUS[1],
    action_id: actionId,
    action: ACTION[actionId],
    disposition_id: dispositionId,
    disposition: DISPOSITION[dispositionId],
    is_alert: d.action !== 'allow',
    message: alertMessage(alert),
    risk_score: Math.round(alert.risk),
    risk_level_id: riskLevelId,
    risk_level: RISK_LEVEL[riskLevelId],
    finding_info: findingInfo(alert, f),
    attacks: attacksOf(alert.rule?.mitre ?? []),
    actor,
    device,
    resources: [compact({ uid: f.subject.key, name: f.subject.id, type: f.subject.kind })],
    evidences: alert.signals.length ? alert.signals.map(evidenceOf) : undefined,
    metadata: compact({
      version: OCSF_VERSION,
      product: { name: VIGIL_PRODUCT, vendor_name: VIGIL_VENDOR, version: productVersion(options) },
      uid: alert.id,
      correlation_uid: d.id,
      profiles: actor || device ? ['security_control', 'host'] : ['security_control'],
    }),
    unmapped: { vigil: { alert_kind: alert.kind, mode: d.mode, subject: d.subject, decision: d } },
  });
}

/**
 * Shadow: nothing stopped, a notification only (Allowed / Alert). Enforced: block → Denied / Blocked;
 * step-up → Denied / Challenge (the request waits for stronger authentication); allow → Allowed / Allowed.
 */
function enforcement(f: AlertFacts): { actionId: number; dispositionId: number } {
  if (!f.enforced) return { actionId: 1, dispositionId: 19 };
  if (f.action === 'block') return { actionId: 2, dispositionId: 2 };
  if (f.action === 'step_up') return { actionId: 2, dispositionId: 23 };
  return { actionId: 1, dispositionId: 1 };
}

/** Vigil risk 0–100 → OCSF risk level: < 20 Info, < 40 Low, < 60 Medium, < 80 High, else Critical. */
export function riskLevel(risk: number): number {
  return Math.min(4, Math.max(0, Math.floor(risk / 20)));
}

function findingInfo(alert: Alert, f: AlertFacts): Record<string, unknown> {
  const r = alert.rule;
  return compact({
    uid: alert.id,
    title: alert.title || alertMessage(alert),
    desc: alert.decision.reason,
    types: [FINDING_TYPES[alert.kind]],
    created_time: f.createdMs,
    first_seen_time: f.firstSeenMs,
    last_seen_time: f.lastSeenMs,
    data_sources: f.sources.length ? f.sources : undefined,
    analytic: r ? compact({ uid: r.id, name: r.name, desc: r.description, type_id: 1, type: ANALYTIC_TYPE[1], version: r.version }) : undefined,
    attacks: attacksOf(r?.mitre ?? []),
  });
}

/** One ATT&CK object per technique id the rule names, in the rule's order. */
function attacksOf(ids: readonly string[]): Record<string, unknown>[] | undefined {
  const list = [...new Set(ids)].map((id) => {
    const dot = id.indexOf('.');
    return dot < 0 ? { technique: { uid: id } } : { technique: { uid: id.slice(0, dot) }, sub_technique: { uid: id } };
  });
  return list.length ? list : undefined;
}

function actorOf(user: string | undefined, agent: string | undefined, session: string | undefined): Record<string, unknown> | undefined {
  const actor = compact({
    user: user === undefined ? undefined : userOf(user),
    app_name: agent,
    session: session === undefined ? undefined : { uid: session },
  });
  return Object.keys(actor).length ? actor : undefined;
}

function userOf(id: string): Record<string, unknown> {
  const u = userName(id);
  return compact({ uid: u.id, name: u.name, email_addr: u.email, domain: u.domain });
}

function deviceOf(id: string): Record<string, unknown> {
  // Vigil knows the device's identity, not its form factor: type Unknown.
  return compact({ type_id: 0, type: DEVICE_TYPE[0], uid: id, hostname: looksOpaqueId(id) ? undefined : id });
}

function evidenceOf(s: Signal): Record<string, unknown> {
  const ip = signalIps(s).find(isIpAddress);
  return compact({
    actor: actorOf(s.subjects.user, s.subjects.agent, s.subjects.session),
    device: s.subjects.device === undefined ? undefined : deviceOf(s.subjects.device),
    src_endpoint: ip === undefined ? undefined : { ip },
    data: compact({
      signal_id: s.id,
      source: s.source,
      type: s.type,
      time: s.time,
      severity: s.severity,
      attributes: s.attributes,
      trace: s.trace,
      tool: s.subjects.tool,
    }),
  });
}

/** Drops undefined members so the JSON carries only what is known. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
