// RFC 9493 subject identifiers (email, iss_sub, opaque, phone_number, account, did, uri, aliases) and the
// SSF `complex` subject (user / device / session members) → Vigil subjects through the alias map.
// Older CAEP / RISC drafts spell the format `subject_type` (`iss-sub`, `phone`); both are read.
import type { SignalInput } from '@vigil/schemas';
import type { AliasMap } from '../../aliases.js';
import { isRecord, resolveSubject, text } from '../../kit/index.js';

/** What a simple identifier names when its format does not say (opaque, uri, did, iss_sub of a device). */
export type SubjectHint = 'user' | 'device' | 'session';

/** Formats that always name a person, whatever the event is about. */
const PERSON_FORMATS = new Set(['email', 'phone_number', 'account']);
const COMPLEX_MEMBERS = ['user', 'device', 'session', 'tenant', 'application', 'group', 'org_unit'];

export function subjectsOf(subId: unknown, hint: SubjectHint, aliases: AliasMap): SignalInput['subjects'] {
  if (!isRecord(subId)) return {};
  const format = formatOf(subId);
  const out: SignalInput['subjects'] = {};
  if (format === 'complex' || (format === undefined && COMPLEX_MEMBERS.some((m) => isRecord(subId[m])))) {
    const user = resolveSubject(aliases.user, identifiersOf(subId.user), 320);
    const device = resolveSubject(aliases.device, identifiersOf(subId.device));
    const session = identifiersOf(subId.session).find((s) => s.length <= 512);
    if (user) out.user = user;
    if (device) out.device = device;
    if (session) out.session = session;
    return out;
  }
  const ids = identifiersOf(subId);
  const kind = format !== undefined && PERSON_FORMATS.has(format) ? 'user' : format === 'iss_sub' && hint === 'session' ? 'user' : hint;
  if (kind === 'user') {
    const user = resolveSubject(aliases.user, ids, 320);
    if (user) out.user = user;
  } else if (kind === 'device') {
    const device = resolveSubject(aliases.device, ids);
    if (device) out.device = device;
  } else {
    const session = ids.find((s) => s.length <= 512);
    if (session) out.session = session;
  }
  return out;
}

/** The identifying value(s) of a simple subject identifier, in the order given. */
function identifiersOf(s: unknown, depth = 0): string[] {
  if (!isRecord(s) || depth > 2) return [];
  const value = ((): unknown => {
    switch (formatOf(s)) {
      case 'email':
        return s.email;
      case 'iss_sub':
        return s.sub;
      case 'opaque':
        return s.id;
      case 'phone_number':
        return s.phone_number;
      case 'account':
        return typeof s.uri === 'string' ? s.uri.replace(/^acct:/i, '') : undefined;
      case 'did':
        return s.url;
      case 'uri':
        return s.uri;
      default:
        return undefined;
    }
  })();
  if (formatOf(s) === 'aliases' && Array.isArray(s.identifiers)) return s.identifiers.slice(0, 16).flatMap((i) => identifiersOf(i, depth + 1));
  const t = text(value);
  return t ? [t] : [];
}

function formatOf(s: Record<string, unknown>): string | undefined {
  const f = text(s.format) ?? text(s.subject_type);
  if (!f) return undefined;
  const name = f.toLowerCase().replace(/-/g, '_');
  return name === 'phone' ? 'phone_number' : name;
}
