/**
 * Durations and instants as people type them: `30m`, `1h`, `24h`, `7d`, `90d`, and ISO-8601 dates
 * or times. The CLI flags and the UI's presets go through the same parsers, so both accept the
 * same text. Pure functions: the caller passes "now" where it matters.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const UNIT_MS: Readonly<Record<string, number>> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };
const UNIT_NAMES: Readonly<Record<string, string>> = { m: 'minute', h: 'hour', d: 'day' };
// Up to 5 digits: 99999 days is ~273 years, past which dates stop meaning anything here.
const DURATION = /^(\d{1,5})\s*([mhd])$/;

/** Milliseconds in `30m`, `1h`, `24h`, `7d`, `90d` (minutes, hours, days), or null when the text is not one. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

export const DURATION_HINT = 'a number with m, h or d, e.g. 30m, 1h, 24h, 7d, 90d';

/** `90 days`, `1 hour`, `30 minutes`: the largest whole unit, for messages. */
export function formatDuration(ms: number): string {
  const [unit, size] = ms % DAY_MS === 0 && ms > 0 ? ['d', DAY_MS] : ms % HOUR_MS === 0 && ms > 0 ? ['h', HOUR_MS] : ['m', MINUTE_MS];
  const n = Math.round(ms / size!);
  return `${n} ${UNIT_NAMES[unit!]}${n === 1 ? '' : 's'}`;
}

// A calendar date, optionally with a time that must then carry its zone (Z or ±HH:MM): a bare
// local time would mean different instants on different machines.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:\d{2}))?$/i;

export const INSTANT_HINT = 'an ISO-8601 date or time, e.g. 2026-12-31 or 2026-12-31T17:00:00Z';

/**
 * The instant an ISO-8601 date (`2026-12-31`, which means 00:00 UTC that day) or time with a zone
 * (`2026-12-31T17:00Z`, `2026-12-31T17:00:00+02:00`) names, or null when the text is not one or
 * names a day that does not exist (V8 alone accepts 2026-02-30).
 */
export function parseInstant(text: string): Date | null {
  const match = INSTANT.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  date.setUTCHours(hour, minute, second, Number(frac.padEnd(3, '0')));
  if (date.getUTCDate() !== day) return null; // the day rolled over into the next month
  const local = date.getTime();
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
    if (zh > 23 || zm > 59) return null;
    offset = (zone.startsWith('-') ? -1 : 1) * (zh * HOUR_MS + zm * MINUTE_MS);
  }
  return new Date(local - offset);
}
