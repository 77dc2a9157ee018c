// Lenient time parsing for vendor timestamps → canonical RFC 3339 ms UTC.
// Accepts ISO 8601 with any fraction length or offset, one-digit hours ("2022-09-09T8:48:50Z"),
// US-locale ("8/22/2022 6:07:16 PM", taken as UTC), and epoch numbers in s / ms / µs / ns by magnitude.
import { toIsoMs } from '@vigil/schemas';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i;

export function parseTime(value: unknown): string | undefined {
  if (typeof value === 'number') return epochToIso(value);
  if (typeof value !== 'string') return undefined;
  // Most vendors send UTC in the canonical shape or close to it (Okta; Entra and Defender with 7 fraction digits).
  const plain = plainUtc(value);
  if (plain !== undefined) return plain;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return epochToIso(Number(s));
  let m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec = '0', frac = '0', tz = 'Z'] = m;
    const ms = Number(`0.${frac}`) * 1000;
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Math.floor(ms));
    if (tz.toUpperCase() !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    if (Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return undefined;
    return toIsoMs(t);
  }
  m = US.exec(s);
  if (m) {
    const [, mo, d, y, hRaw, mi, sec = '0', ampm] = m;
    let h = Number(hRaw);
    if (ampm) h = (h % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    if (Number(mo) > 12 || Number(d) > 31 || h > 23 || Number(mi) > 59) return undefined;
    return toIsoMs(Date.UTC(Number(y), Number(mo) - 1, Number(d), h, Number(mi), Number(sec)));
  }
  return undefined;
}

/** `\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}`, position by position (0: a digit). */
const DATE_TIME = '0000-00-00T00:00:00';

/**
 * The canonical rendering of `YYYY-MM-DDTHH:mm:ss[.f…]Z` (0–9 fraction digits) read by position, when the general
 * path would give exactly that: a year from 1000 (Date.UTC reads years below 100 as 19xx), a month, a day that
 * every month has (≤ 28: a 30 February rolls over into March) and no leap second. A time already canonical is
 * returned as the same string. Anything else is undefined and takes the general path, so the answer is the same
 * either way.
 */
function plainUtc(s: string): string | undefined {
  const n = s.length;
  if (n < 20 || n > 30 || s.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(i);
    const want = DATE_TIME.charCodeAt(i);
    if (want === 48 ? c < 48 || c > 57 : c !== want) return undefined;
  }
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (s.charCodeAt(0) === 48 || month < 1 || month > 12 || day < 1 || day > 28 || twoDigits(s, 11) > 23 || twoDigits(s, 14) > 59 || twoDigits(s, 17) > 59)
    return undefined;
  if (n === 20) return `${s.slice(0, 19)}.000Z`;
  if (s.charCodeAt(19) !== 46 /* . */ || n === 21) return undefined;
  for (let i = 20; i < n - 1; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return undefined;
  // Milliseconds are the first three fraction digits (the general path floors the fraction: the same for ≤ 9 digits).
  if (n === 24) return s;
  return n < 24 ? `${s.slice(0, n - 1)}${'00'.slice(0, 24 - n)}Z` : `${s.slice(0, 23)}Z`;
}

/** The two-digit number at position i (a module-level function, as in @vigil/schemas' time: no closure per call). */
function twoDigits(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
}

/** Epoch number → ISO ms, unit told apart by magnitude (s < 1e11 ≤ ms < 1e14 ≤ µs < 1e17 ≤ ns). */
export function epochToIso(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n < 1e17 ? n / 1000 : n / 1e6;
  return toIsoMs(Math.floor(ms));
}
