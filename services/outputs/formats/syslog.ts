// RFC 5424 syslog lines (`<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`) and RFC 6587 octet-counting
// frames (`LEN SP MSG`) for TCP / TLS. Pure: the transports that write them live with the syslog sinks.
import { VigilError } from '@vigil/core';
import { toIsoMs } from '@vigil/schemas';

export const SYSLOG_FACILITIES = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  audit: 13,
  alert: 14,
  clock: 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;
export const SYSLOG_SEVERITIES = { emerg: 0, alert: 1, crit: 2, err: 3, warning: 4, notice: 5, info: 6, debug: 7 } as const;
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;
export type SyslogSeverity = keyof typeof SYSLOG_SEVERITIES;

/** SD-ID → parameters. Private SD-IDs are `name@<IANA enterprise number>`, e.g. `vigil@32473`. */
export type StructuredData = Record<string, Record<string, string | number | boolean>>;

export interface Syslog5424Options {
  facility: number | SyslogFacility;
  severity: number | SyslogSeverity;
  hostname?: string | undefined;
  appName?: string | undefined;
  procId?: string | number | undefined;
  msgId?: string | undefined;
  /** Date, epoch ms or an RFC 3339 string; written as UTC with milliseconds. Missing or invalid → `-`. */
  time?: Date | number | string | undefined;
  structuredData?: StructuredData | undefined;
  /** Prefix MSG with the UTF-8 BOM (RFC 5424 MSG-UTF8). Off by default: CEF parsers expect `CEF:` first. */
  bom?: boolean | undefined;
}

const NIL = '-';

/** Throws VigilError VIGIL_ERR_CONFIG for a facility or severity out of range (a configuration mistake). */
export function formatSyslog5424(message: string, o: Syslog5424Options): string {
  const pri = code(o.facility, SYSLOG_FACILITIES, 23, 'facility') * 8 + code(o.severity, SYSLOG_SEVERITIES, 7, 'severity');
  const header = [
    `<${pri}>1`,
    timestamp(o.time),
    headerField(o.hostname, 255),
    headerField(o.appName, 48),
    headerField(o.procId === undefined ? undefined : String(o.procId), 128),
    headerField(o.msgId, 32),
    structuredData(o.structuredData),
  ].join(' ');
  if (message === '') return header;
  return `${header} ${o.bom ? '\uFEFF' : ''}${message}`;
}

/** RFC 6587 octet counting: the UTF-8 byte length, a space, then the bytes. */
export function frameOctetCounting(line: string | Uint8Array): Buffer {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : Buffer.from(line);
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}

/** Splits a TCP byte stream into octet-counted frames; `rest` is an incomplete frame to prepend to the next chunk. */
export function splitOctetCounted(stream: Uint8Array): { frames: Buffer[]; rest: Buffer } {
  const buf = Buffer.from(stream);
  const frames: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    const space = buf.indexOf(0x20, at);
    if (space < 0) break;
    const len = buf.subarray(at, space).toString('ascii');
    if (!/^[1-9]\d{0,8}$/.test(len)) throw new VigilError('VIGIL_ERR_PARSE', `octet-counted frame at byte ${at}: "${len.slice(0, 12)}" is not a length`);
    const end = space + 1 + Number(len);
    if (end > buf.length) break;
    frames.push(buf.subarray(space + 1, end));
    at = end;
  }
  return { frames, rest: buf.subarray(at) };
}

function code(v: number | string, names: Readonly<Record<string, number>>, max: number, what: string): number {
  const n = typeof v === 'number' ? v : Object.hasOwn(names, v) ? names[v] : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max)
    throw new VigilError('VIGIL_ERR_CONFIG', `syslog ${what} ${String(v)} is not 0–${max} or a known name`);
  return n;
}

function timestamp(t: Syslog5424Options['time']): string {
  if (t === undefined) return NIL;
  const ms = typeof t === 'string' ? Date.parse(t) : typeof t === 'number' ? t : t.getTime();
  return (Number.isFinite(ms) && toIsoMs(ms)) || NIL;
}

/** Header fields are 1..max printable US-ASCII characters (33–126); others become `_`, empty becomes `-`. */
function headerField(v: string | undefined, max: number): string {
  if (v === undefined || v === '') return NIL;
  return v.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
}

/** SD-NAME: 1..32 printable US-ASCII except `=`, space, `]` and `"`. */
function sdName(v: string): string {
  return (v.replace(/[^\x21-\x7e]|[= \]"]/g, '_') || '_').slice(0, 32);
}

/** PARAM-VALUE escapes `"`, `\` and `]` with a backslash. */
export function escapeSdValue(v: string): string {
  return v.replace(/["\\\]]/g, (c) => `\\${c}`);
}

function structuredData(sd: StructuredData | undefined): string {
  const elements = Object.entries(sd ?? {}).map(([id, params]) => {
    const ps = Object.entries(params).map(([k, v]) => ` ${sdName(k)}="${escapeSdValue(String(v))}"`);
    return `[${sdName(id)}${ps.join('')}]`;
  });
  return elements.length ? elements.join('') : NIL;
}
