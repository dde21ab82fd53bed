/**
 * One way to show a time everywhere in the app: relative ("3 hours ago", "in 5 days") within about
 * a year, so times compare at a glance; a date beyond that, where "in 1627 days" would mean
 * nothing. The exact time, in local time and in UTC, is what a hover shows (`exactTime`).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../common/durations.ts';

/** Past this, a relative time reads worse than a date. */
export const RELATIVE_LIMIT_MS = 365 * DAY_MS;

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'always', style: 'long' });
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const utcFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'UTC',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Intl formatting is the costliest part of drawing a row; rows drawn again reuse their text. */
function cached<K>(format: (key: K) => string, size = 2000): (key: K) => string {
  const cache = new Map<K, string>();
  return (key) => {
    let text = cache.get(key);
    if (text === undefined) {
      text = format(key);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(key, text);
    }
    return text;
  };
}

export const formatDate = cached((iso: string) => dateFormat.format(new Date(iso)));
export const formatDateTime = cached((iso: string) => localFormat.format(new Date(iso)));

/** "Jun 1, 2026, 9:00 AM · 2026-06-01 09:00 UTC": what a hover over any time shows. */
export const exactTime = cached((iso: string) => `${localFormat.format(new Date(iso))} · ${utcFormat.format(new Date(iso)).replace(',', '')} UTC`);

/** One unit, rounded: "3 hours", the largest unit that fits (minutes, hours, days, months). */
const phrase = cached((signed: string) => {
  const [value, unit] = signed.split(' ') as [string, Intl.RelativeTimeFormatUnit];
  return relative.format(Number(value), unit);
});

/** "just now", "5 minutes ago", "in 23 hours", "3 days ago", "in 4 months"; a date past a year either way. */
export function relativeTime(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const size = Math.abs(diff);
  if (size > RELATIVE_LIMIT_MS) return formatDate(iso);
  if (size < MINUTE_MS) return 'just now';
  const sign = Math.sign(diff);
  if (size < HOUR_MS) return phrase(`${sign * Math.round(size / MINUTE_MS)} minute`);
  if (size < 2 * DAY_MS) return phrase(`${sign * Math.round(size / HOUR_MS)} hour`);
  if (size < 60 * DAY_MS) return phrase(`${sign * Math.round(size / DAY_MS)} day`);
  return phrase(`${sign * Math.round(size / (30 * DAY_MS))} month`);
}

/** "23 h", "5 days": how long until `iso`, short, for tags. */
export function shortSpan(iso: string, now: number): string {
  const left = Math.max(0, Date.parse(iso) - now);
  if (left < HOUR_MS) return `${Math.max(1, Math.round(left / MINUTE_MS))} min`;
  if (left < 2 * DAY_MS) return `${Math.round(left / HOUR_MS)} h`;
  return `${Math.round(left / DAY_MS)} days`;
}
