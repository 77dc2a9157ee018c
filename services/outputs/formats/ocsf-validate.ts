// Checks an OCSF Detection Finding (2004) against the facts in ocsf-2004.ts: required attributes, known
// attributes only, enum ids with matching captions, type_uid consistency, and the nested objects' own rules.
import { isIpAddress } from './alert-facts.js';
import {
  ACTIVITY,
  ALLOWED,
  ANALYTIC_TYPE,
  DETECTION_FINDING,
  DEVICE_TYPE,
  ENUM_ATTRIBUTES,
  EVIDENCE_ATTRIBUTES,
  REQUIRED,
  TYPE_UID_BASE,
  captionOf,
  type OcsfEnum,
} from './ocsf-2004.js';

type Obj = Record<string, unknown>;

/** Problems found, one line each; empty when the event is a valid Detection Finding. */
export function validateOcsfDetectionFinding(event: unknown): string[] {
  if (!isObj(event)) return ['event is not a JSON object'];
  const p: string[] = [];
  for (const k of REQUIRED) if (event[k] === undefined) p.push(`${k}: required`);
  for (const k of Object.keys(event)) if (!ALLOWED.has(k)) p.push(`${k}: not an attribute of Detection Finding`);

  if (event['class_uid'] !== DETECTION_FINDING.class_uid) p.push(`class_uid: must be ${DETECTION_FINDING.class_uid}`);
  if (event['category_uid'] !== DETECTION_FINDING.category_uid) p.push(`category_uid: must be ${DETECTION_FINDING.category_uid}`);
  sibling(event, 'class_name', DETECTION_FINDING.class_name, p);
  sibling(event, 'category_name', DETECTION_FINDING.category_name, p);
  for (const [idKey, [e, captionKey]] of Object.entries(ENUM_ATTRIBUTES)) enumPair(event, idKey, captionKey, e, p);
  const activity = event['activity_id'];
  if (typeof activity === 'number') {
    if (event['type_uid'] !== TYPE_UID_BASE + activity) p.push(`type_uid: must be ${TYPE_UID_BASE + activity} (class_uid * 100 + activity_id)`);
    const name = activity === 99 ? event['activity_name'] : captionOf(ACTIVITY, activity);
    if (typeof name === 'string') sibling(event, 'type_name', `${DETECTION_FINDING.class_name}: ${name}`, p);
  }

  for (const k of ['time', 'start_time', 'end_time']) timestamp(event[k], k, p, k === 'time');
  if (event['risk_score'] !== undefined && !Number.isInteger(event['risk_score'])) p.push('risk_score: must be an integer');
  if (event['is_alert'] !== undefined && typeof event['is_alert'] !== 'boolean') p.push('is_alert: must be a boolean');
  if (event['message'] !== undefined && typeof event['message'] !== 'string') p.push('message: must be a string');

  metadata(event['metadata'], p);
  findingInfo(event['finding_info'], p);
  attacks(event['attacks'], 'attacks', p);
  if (event['actor'] !== undefined) actor(event['actor'], 'actor', p);
  if (event['device'] !== undefined) device(event['device'], 'device', p);
  list(event['resources'], 'resources', p, (r, at) => {
    if (!isObj(r) || (r['uid'] === undefined && r['name'] === undefined)) p.push(`${at}: a resource needs uid or name`);
  });
  list(event['evidences'], 'evidences', p, (ev, at) => evidence(ev, at, p));
  if (event['unmapped'] !== undefined && !isObj(event['unmapped'])) p.push('unmapped: must be an object');
  return p;
}

function metadata(m: unknown, p: string[]): void {
  if (m === undefined) return;
  if (!isObj(m)) return void p.push('metadata: must be an object');
  if (typeof m['version'] !== 'string' || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(m['version'])) p.push('metadata.version: required, a semantic version');
  const product = m['product'];
  if (!isObj(product)) p.push('metadata.product: required');
  else if (typeof product['vendor_name'] !== 'string' || !product['vendor_name']) p.push('metadata.product.vendor_name: required');
}

function findingInfo(fi: unknown, p: string[]): void {
  if (fi === undefined) return;
  if (!isObj(fi)) return void p.push('finding_info: must be an object');
  if (typeof fi['uid'] !== 'string' || !fi['uid']) p.push('finding_info.uid: required');
  if (fi['title'] !== undefined && typeof fi['title'] !== 'string') p.push('finding_info.title: must be a string');
  if (fi['types'] !== undefined && !(Array.isArray(fi['types']) && fi['types'].every((t) => typeof t === 'string')))
    p.push('finding_info.types: must be strings');
  for (const k of ['created_time', 'first_seen_time', 'last_seen_time']) timestamp(fi[k], `finding_info.${k}`, p, false);
  const a = fi['analytic'];
  if (a !== undefined) {
    if (!isObj(a)) p.push('finding_info.analytic: must be an object');
    else enumPair(a, 'type_id', 'type', ANALYTIC_TYPE, p, 'finding_info.analytic.', true);
  }
  attacks(fi['attacks'], 'finding_info.attacks', p);
}

function attacks(v: unknown, at: string, p: string[]): void {
  list(v, at, p, (a, here) => {
    if (!isObj(a)) return void p.push(`${here}: must be an object`);
    const technique = isObj(a['technique']) ? a['technique']['uid'] : undefined;
    const sub = isObj(a['sub_technique']) ? a['sub_technique']['uid'] : undefined;
    if (a['technique'] === undefined && a['sub_technique'] === undefined && a['tactic'] === undefined)
      p.push(`${here}: needs a tactic, technique or sub_technique`);
    if (technique !== undefined && !(typeof technique === 'string' && /^T\d{4}$/.test(technique))) p.push(`${here}.technique.uid: not an ATT&CK technique id`);
    if (sub !== undefined && !(typeof sub === 'string' && /^T\d{4}\.\d{3}$/.test(sub))) p.push(`${here}.sub_technique.uid: not an ATT&CK sub-technique id`);
    if (typeof sub === 'string' && typeof technique === 'string' && !sub.startsWith(`${technique}.`))
      p.push(`${here}: sub_technique ${sub} is not under technique ${technique}`);
  });
}

function actor(a: unknown, at: string, p: string[]): void {
  if (!isObj(a) || Object.keys(a).length === 0) return void p.push(`${at}: must be a non-empty object`);
  const u = a['user'];
  if (u !== undefined && (!isObj(u) || (u['uid'] === undefined && u['name'] === undefined))) p.push(`${at}.user: needs uid or name`);
}

function device(d: unknown, at: string, p: string[]): void {
  if (!isObj(d)) return void p.push(`${at}: must be an object`);
  enumPair(d, 'type_id', 'type', DEVICE_TYPE, p, `${at}.`, true);
  if (d['ip'] !== undefined && !(typeof d['ip'] === 'string' && isIpAddress(d['ip']))) p.push(`${at}.ip: not an IP address`);
}

function evidence(ev: unknown, at: string, p: string[]): void {
  if (!isObj(ev)) return void p.push(`${at}: must be an object`);
  if (!EVIDENCE_ATTRIBUTES.some((k) => ev[k] !== undefined)) p.push(`${at}: names no evidence artifact`);
  if (ev['actor'] !== undefined) actor(ev['actor'], `${at}.actor`, p);
  if (ev['device'] !== undefined) device(ev['device'], `${at}.device`, p);
  for (const k of ['src_endpoint', 'dst_endpoint']) {
    const e = ev[k];
    if (e !== undefined && (!isObj(e) || (e['ip'] !== undefined && !(typeof e['ip'] === 'string' && isIpAddress(e['ip'])))))
      p.push(`${at}.${k}.ip: not an IP address`);
  }
}

function enumPair(o: Obj, idKey: string, captionKey: string, e: OcsfEnum, p: string[], at = '', required = false): void {
  const id = o[idKey];
  if (id === undefined) {
    if (required) p.push(`${at}${idKey}: required`);
    return;
  }
  const caption = typeof id === 'number' && Number.isInteger(id) ? captionOf(e, id) : undefined;
  if (caption === undefined) return void p.push(`${at}${idKey}: ${JSON.stringify(id)} is not in the enum`);
  const given = o[captionKey];
  if (given !== undefined && id !== 99 && given !== caption) p.push(`${at}${captionKey}: must be "${caption}" for ${idKey} ${id}`);
  if (id === 99 && (typeof given !== 'string' || !given)) p.push(`${at}${captionKey}: required when ${idKey} is 99 (Other)`);
}

function sibling(o: Obj, key: string, expected: string, p: string[]): void {
  if (o[key] !== undefined && o[key] !== expected) p.push(`${key}: must be "${expected}"`);
}

/** Epoch milliseconds; values below 1e11 are seconds (a common producer mistake, see DESIGN.md §5). */
function timestamp(v: unknown, at: string, p: string[], required: boolean): void {
  if (v === undefined) {
    if (required) p.push(`${at}: required`);
  } else if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    p.push(`${at}: must be an integer (epoch ms)`);
  } else if (v < 1e11 || v > 1e14) {
    p.push(`${at}: ${v} is not epoch milliseconds`);
  }
}

function list(v: unknown, at: string, p: string[], each: (item: unknown, at: string) => void): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return void p.push(`${at}: must be an array`);
  v.forEach((item, i) => each(item, `${at}[${i}]`));
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
