// One alert → one RFC 5424 line (`<PRI>1 TIMESTAMP HOST APP PROCID alert - MSG`) whose MSG is the CEF line
// or a JSON document, and its frame for a stream (RFC 6587 octet counting, or a trailing LF). Pure.
import type { Alert } from '@vigil/schemas';
import { encodeAlert, formatSyslog5424, frameOctetCounting, SEVERITY_IN_FORMATS, type AlertFormat, type SyslogFacility } from '../formats/index.js';

export interface SyslogEncodeOptions {
  format: AlertFormat;
  facility: SyslogFacility;
  appName: string;
  hostname: string;
  procId: number | string;
}

export function syslogLine(alert: Alert, o: SyslogEncodeOptions): string {
  return formatSyslog5424(encodeAlert(alert, o.format).body, {
    facility: o.facility,
    severity: SEVERITY_IN_FORMATS[alert.severity].syslog,
    hostname: o.hostname,
    appName: o.appName,
    procId: o.procId,
    msgId: 'alert',
    time: alert.created_at,
  });
}

/** Every format Vigil writes keeps line breaks escaped, so LF framing cannot split a message. */
export function frameSyslog(line: string, framing: 'octet-counting' | 'lf'): Buffer {
  return framing === 'lf' ? Buffer.from(`${line}\n`, 'utf8') : frameOctetCounting(line);
}
