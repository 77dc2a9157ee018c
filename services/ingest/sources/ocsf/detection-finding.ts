// OCSF Detection Finding (2004) → `endpoint.detection`. Every activity (Create, Update, Close) is a signal;
// `status` tells rules whether the finding is still open.
import { DEFAULT_DETECTION_SEVERITY, clip, compactAttributes, fileHash, mitreIds, statusName, text, zodReason, type EventOutcome } from '../../kit/index.js';
import { deviceOf, ocsfSeverity, signal, userOf, type OcsfContext } from './common.js';
import { DetectionFindingSchema, type OcsfFile } from './parse.js';

/** Finding status_id captions, for producers that send only the id. */
const STATUS = ['new', 'in_progress', 'suppressed', 'resolved'];
/** OCSF hash algorithm_id 3 = SHA-256. */
const SHA256 = 3;

export function normalizeDetectionFinding(ctx: OcsfContext): EventOutcome {
  const parsed = DetectionFindingSchema.safeParse(ctx.raw);
  if (!parsed.success) return { error: `Detection Finding: ${zodReason(parsed.error)}` };
  const f = parsed.data;
  const e = ctx.event;
  const attacks = [...(f.finding_info?.attacks ?? []), ...(f.attacks ?? [])];
  const first = attacks[0];
  const process = f.evidences?.find((ev) => text(ev.process?.cmd_line))?.process;
  const file = f.evidences?.map((ev) => ev.file ?? ev.process?.file).find((x) => x && text(x.name));
  const status = statusName(e.status) ?? (e.status_id != null ? STATUS[e.status_id - 1] : undefined);

  const attributes = compactAttributes({
    detection_id: text(f.finding_info?.uid),
    detection_name: clip(f.finding_info?.title, 512),
    vendor_severity: text(e.severity) ?? (typeof e.severity_id === 'number' ? e.severity_id : undefined),
    tactic: clip(first?.tactic?.name ?? first?.tactics?.[0]?.name, 256),
    technique: clip(first?.sub_technique?.name ?? first?.technique?.name, 256),
    mitre: mitreIds(attacks.flatMap((a) => [a.technique?.uid, a.sub_technique?.uid])),
    file_name: clip(file?.name, 1024),
    file_hash: sha256Of(file),
    command_line: clip(process?.cmd_line),
    status,
    event_type: text(e.type_name),
  });
  return signal(
    ctx,
    'endpoint.detection',
    ocsfSeverity(e) ?? DEFAULT_DETECTION_SEVERITY,
    {
      user: userOf(e.actor?.user, ctx.aliases),
      device: deviceOf(e.device, ctx.aliases),
    },
    attributes,
  );
}

function sha256Of(file: OcsfFile | null | undefined): string | undefined {
  const h = file?.hashes?.find((x) => x.algorithm_id === SHA256 || /^sha-?256$/i.test(x.algorithm ?? ''));
  return fileHash(h?.value);
}
