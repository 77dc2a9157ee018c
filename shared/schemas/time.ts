// Canonical time rendering: RFC 3339, UTC, exactly milliseconds.

/** Renders a Date or epoch-ms as `YYYY-MM-DDTHH:mm:ss.sssZ`; undefined when the instant is invalid. */
export function toIsoMs(t: Date | number): string | undefined {
  const d = typeof t === 'number' ? new Date(t) : t;
  const ms = d.getTime();
  if (!Number.isFinite(ms) || ms < -8.64e15 || ms > 8.64e15) return undefined;
  const s = d.toISOString();
  return s.length === 24 ? s : undefined;
}
