// Canonical time rendering: RFC 3339, UTC, exactly milliseconds.

/** Renders a Date or epoch-ms as `YYYY-MM-DDTHH:mm:ss.sssZ`; undefined when the instant is invalid. */
export function toIsoMs(t: Date | number): string | undefined {
  const d = typeof t === 'number' ? new Date(t) : t;
  const ms = d.getTime();
  if (!Number.isFinite(ms) || ms < -8.64e15 || ms > 8.64e15) return undefined;
  const s = d.toISOString();
  return s.length === 24 ? s : undefined;
}

/** A decimal digit at position i (a module-level function: no closure per call on the hot path). */
function digit(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/**
 * Epoch ms of a canonical signal time (`YYYY-MM-DDTHH:mm:ss.sssZ`, what SignalSchema enforces), read by
 * position — several times faster than Date.parse on the correlator's hot path. Other shapes fall back
 * to Date.parse.
 */
export function parseIsoMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return Date.parse(s);
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return (
    days * 86_400_000 +
    (digit(s, 11) * 10 + digit(s, 12)) * 3_600_000 +
    (digit(s, 14) * 10 + digit(s, 15)) * 60_000 +
    (digit(s, 17) * 10 + digit(s, 18)) * 1000 +
    digit(s, 20) * 100 +
    digit(s, 21) * 10 +
    digit(s, 22)
  );
}
