// Defender alerts → `endpoint.detection` signals (pure). One signal per alert; a legacy row that carries a
// single evidence object gets that evidence in its id, so each row of one alert is distinct yet stable.
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import {
  DEFAULT_DETECTION_SEVERITY,
  accountName,
  clip,
  compactAttributes,
  countryOf,
  fileHash,
  mitreIds,
  parseTime,
  resolveSubject,
  severityFromName,
  signalId,
  statusName,
  text,
  type Attributes,
  type EventOutcome,
} from '../../kit/index.js';
import type { GraphAlert, GraphEvidence, LegacyAlert, LegacyEvidence } from './parse.js';

export function normalizeGraphAlert(a: GraphAlert, aliases: AliasMap): EventOutcome {
  const time = parseTime(a.createdDateTime);
  if (!time) return { error: `alert ${a.id}: createdDateTime is not a timestamp: ${JSON.stringify(a.createdDateTime).slice(0, 64)}` };
  const evidence = a.evidence ?? [];
  // `#microsoft.graph.security.deviceEvidence`; some exporters drop the `#` or change the case.
  const ofType = (t: string): GraphEvidence[] => evidence.filter((e) => (e['@odata.type'] ?? '').toLowerCase().endsWith(`.${t.toLowerCase()}`));

  const dev = ofType('deviceEvidence')[0];
  const anyMde = evidence.map((e) => text(e.mdeDeviceId)).find(Boolean);
  const device = resolveSubject(aliases.device, [text(dev?.deviceDnsName), text(dev?.mdeDeviceId) ?? anyMde, text(dev?.azureAdDeviceId)]);

  // A userEvidence names the account the alert is about; a process's account is the next best (not SYSTEM).
  const accounts = [...ofType('userEvidence'), ...ofType('processEvidence')].map((e) => e.userAccount).filter((u) => u);
  const user = resolveSubject(
    aliases.user,
    accounts.map((u) => accountName({ upn: text(u?.userPrincipalName), name: text(u?.accountName), domain: text(u?.domainName) })),
    320,
  );

  const file = ofType('fileEvidence')[0]?.fileDetails ?? ofType('processEvidence')[0]?.imageFile;
  const ip = ofType('ipEvidence')[0];
  return detection(signalId('defender', a.id), a.id, time, { device, user }, a, {
    file_name: clip(file?.fileName, 1024),
    file_hash: fileHash(file?.sha256),
    command_line: clip(ofType('processEvidence')[0]?.processCommandLine),
    ip: text(ip?.ipAddress),
    country: countryOf(ip?.countryLetterCode),
  });
}

export function normalizeLegacyAlert(a: LegacyAlert, aliases: AliasMap): EventOutcome {
  const time = parseTime(a.alertCreationTime);
  if (!time) return { error: `alert ${a.id}: alertCreationTime is not a timestamp: ${JSON.stringify(a.alertCreationTime).slice(0, 64)}` };
  const perRow = a.evidence && !Array.isArray(a.evidence) ? a.evidence : undefined;
  const evidence: LegacyEvidence[] = Array.isArray(a.evidence) ? a.evidence : perRow ? [perRow] : [];

  const device = resolveSubject(aliases.device, [text(a.computerDnsName), text(a.machineId)]);
  const userRows = evidence.filter((e) => e.entityType?.toLowerCase() === 'user');
  const user = resolveSubject(
    aliases.user,
    [
      accountName({ name: text(a.relatedUser?.userName), domain: text(a.relatedUser?.domainName) }),
      ...userRows.map((e) => accountName({ upn: text(e.userPrincipalName), name: text(e.accountName), domain: text(e.domainName) })),
    ],
    320,
  );
  const file = evidence.find((e) => fileHash(e.sha256) || text(e.fileName));
  const id = perRow ? signalId('defender', a.id, evidenceKey(perRow)) : signalId('defender', a.id);
  return detection(id, a.id, time, { device, user }, a, {
    file_name: clip(file?.fileName, 1024),
    file_hash: fileHash(file?.sha256),
    command_line: clip(evidence.map((e) => e.processCommandLine).find((c) => text(c))),
    ip: text(evidence.map((e) => e.ipAddress).find((c) => text(c))),
  });
}

/** What makes one legacy evidence row distinct: its type and its identifying value. */
export function evidenceKey(e: LegacyEvidence): string {
  const value =
    fileHash(e.sha256) ??
    fileHash(e.sha1) ??
    text(e.userSid) ??
    text(e.aadUserId) ??
    text(e.userPrincipalName) ??
    text(e.accountName) ??
    text(e.ipAddress) ??
    text(e.url) ??
    text(e.processId) ??
    [text(e.filePath), text(e.fileName)].filter(Boolean).join('\\');
  return `${text(e.entityType)?.toLowerCase() ?? 'unknown'}:${value}`;
}

type Common = Pick<GraphAlert, 'id' | 'title' | 'severity' | 'category' | 'status' | 'mitreTechniques'>;

function detection(
  id: string,
  alertId: string,
  time: string,
  who: { device?: string; user?: string },
  a: Common,
  extra: Record<string, string | undefined>,
): EventOutcome {
  const subjects: SignalInput['subjects'] = {};
  if (who.user) subjects.user = who.user;
  if (who.device) subjects.device = who.device;
  if (!subjects.user && !subjects.device) return { error: `alert ${alertId.slice(0, 128)}: names no device or user (no device or user evidence, no machine)` };
  const attributes: Attributes = compactAttributes({
    detection_id: alertId,
    detection_name: clip(a.title, 512),
    vendor_severity: text(a.severity),
    tactic: clip(a.category, 256),
    mitre: mitreIds(a.mitreTechniques ?? []),
    status: statusName(a.status),
    ...extra,
  });
  return {
    signal: {
      id,
      time,
      source: 'defender',
      type: 'endpoint.detection',
      severity: severityFromName(a.severity) ?? DEFAULT_DETECTION_SEVERITY,
      subjects,
      attributes,
    },
  };
}
