// Reads one CEF line back (header + extension): the round-trip check for encodeCef, and a reader for
// test receivers. Tolerates a syslog prefix before `CEF:` and a trailing line break.
import { VigilError } from '@vigil/core';
import { unescapeCefHeader, unescapeCefValue } from './cef-escape.js';

export interface CefEvent {
  version: number;
  vendor: string;
  product: string;
  productVersion: string;
  signatureId: string;
  name: string;
  /** As written: 0–10, or Low / Medium / High / Very-High. */
  severity: string;
  extension: Record<string, string>;
}

const KEY = /^[A-Za-z0-9_.-]+$/;

/** Throws VigilError VIGIL_ERR_PARSE naming what is wrong when the line is not CEF. */
export function parseCef(line: string): CefEvent {
  const at = line.indexOf('CEF:');
  if (at < 0) throw new VigilError('VIGIL_ERR_PARSE', 'not a CEF line: no "CEF:" prefix');
  const text = line.slice(at).replace(/\r?\n$/, '');
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length && fields.length < 7; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|') {
      fields.push(text.slice(from, i));
      from = i + 1;
    }
  }
  if (fields.length < 7) throw new VigilError('VIGIL_ERR_PARSE', `CEF header needs 7 "|" separators, found ${fields.length}`);
  const [prefix, vendor, product, productVersion, signatureId, name, severity] = fields.map(unescapeCefHeader) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^CEF:\d+$/.test(prefix)) throw new VigilError('VIGIL_ERR_PARSE', `CEF version "${prefix.slice(4, 20)}" is not a number`);
  return { version: Number(prefix.slice(4)), vendor, product, productVersion, signatureId, name, severity, extension: parseCefExtension(text.slice(from)) };
}

/**
 * `key=value key2=value with spaces …`: every unescaped `=` ends a key, the key being the token after the
 * last space; the value runs to the space before the next key. An `=` whose token is not a key name stays
 * in the value (producers that forget to escape).
 */
export function parseCefExtension(s: string): Record<string, string> {
  const keys: { key: string; keyStart: number; valueStart: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] !== '=') continue;
    const keyStart = s.lastIndexOf(' ', i - 1) + 1;
    const prev = keys[keys.length - 1];
    const key = s.slice(keyStart, i);
    if (KEY.test(key) && (!prev || keyStart > prev.valueStart)) keys.push({ key, keyStart, valueStart: i + 1 });
  }
  const out: Record<string, string> = {};
  keys.forEach((k, n) => {
    const next = keys[n + 1];
    out[k.key] = unescapeCefValue(s.slice(k.valueStart, next ? next.keyStart - 1 : s.length));
  });
  return out;
}

/** Resolves labelled custom fields: `cs1=x cs1Label=subject` → `{ subject: 'x' }`. */
export function cefLabelledFields(extension: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(extension)) {
    const label = extension[`${k}Label`];
    if (!k.endsWith('Label') && label !== undefined) out[label] = v;
  }
  return out;
}
