/**
 * Rules of a key's life beyond SendGrid's: expiry (and an account's maximum-lifetime policy), the
 * status a key shows, the warnings before it expires, and the grace a rolled secret gets.
 * Pure: "now" is always passed in.
 */
import { badRequest } from './errors.ts';
import { DAY_MS, formatDuration, HOUR_MS, INSTANT_HINT, parseInstant } from './durations.ts';

export type KeyStatus = 'active' | 'disabled' | 'expired';

export interface LifecycleFields {
  readonly expires_at: string | null;
  readonly disabled_at: string | null;
}

/** What `verify` would say about a key with the right secret, in the order it checks. */
export function keyStatus(key: LifecycleFields, now: Date): KeyStatus {
  if (key.disabled_at !== null) return 'disabled';
  if (key.expires_at !== null && key.expires_at <= isoAt(now)) return 'expired';
  return 'active';
}

/** `now` as ISO text, written once for a run of calls at the same time (a list asks for every key). */
let lastIso = { time: Number.NaN, iso: '' };
function isoAt(now: Date): string {
  const time = now.getTime();
  if (time !== lastIso.time) lastIso = { time, iso: now.toISOString() };
  return lastIso.iso;
}

/** Days before expiry at which a key is flagged, as GitHub and Temporal warn: a month, a week, a day. */
export const EXPIRY_WARNING_DAYS = [30, 7, 1] as const;
export type ExpiryWarning = (typeof EXPIRY_WARNING_DAYS)[number];

/** The tightest warning window the key is in (30, 7 or 1 days), or null when none applies or it has expired. */
export function expiryWarning(expiresAt: string | null, now: Date): ExpiryWarning | null {
  if (expiresAt === null) return null;
  const left = Date.parse(expiresAt) - now.getTime();
  if (left <= 0) return null;
  let window: ExpiryWarning | null = null;
  for (const days of EXPIRY_WARNING_DAYS) if (left <= days * DAY_MS) window = days;
  return window;
}

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Rounded to the nearest unit: a key set to expire in 90 days reads "in 90 days" a second later, not 89. */
function span(ms: number): string {
  if (ms >= DAY_MS) return count(Math.round(ms / DAY_MS), 'day');
  if (ms >= HOUR_MS) return count(Math.round(ms / HOUR_MS), 'hour');
  return count(Math.max(1, Math.round(ms / 60_000)), 'minute');
}

/** `expires in 12 days`, `expires in 5 hours`, `expired 3 days ago` or `never expires`. */
export function describeExpiry(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'never expires';
  const left = Date.parse(expiresAt) - now.getTime();
  return left > 0 ? `expires in ${span(left)}` : `expired ${span(-left)} ago`;
}

/** A policy longer than ten years is no policy; the bound also keeps dates far from overflow. */
/** What one bulk action may do to many keys at once. */
export const BULK_ACTIONS = ['delete', 'disable', 'enable', 'expire'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const MAX_POLICY_DAYS = 3650;

/**
 * The expiry a key may be given, as stored (`toISOString()`, so text comparison orders it), or
 * null for none. It must be in the future and, under an account's maximum-lifetime policy, present
 * and at most that many days from now: the policy bounds every expiry set from then on (at create
 * and at edit), and leaves keys made before it alone. Throws a 400 on `expires_at` otherwise.
 */
export function resolveExpiry(input: unknown, now: Date, maxLifetimeDays: number | null): string | null {
  if (input === null || input === undefined) {
    if (maxLifetimeDays !== null) {
      throw badRequest('expires_at', `this account requires keys to expire within ${count(maxLifetimeDays, 'day')}`);
    }
    return null;
  }
  const at = typeof input === 'string' ? parseInstant(input) : null;
  if (!at) throw badRequest('expires_at', `expires_at must be ${INSTANT_HINT}`);
  if (at.getTime() <= now.getTime()) throw badRequest('expires_at', 'expires_at must be in the future');
  if (maxLifetimeDays !== null) {
    const latest = new Date(now.getTime() + maxLifetimeDays * DAY_MS);
    if (at > latest) {
      throw badRequest(
        'expires_at',
        `this account allows keys to live at most ${count(maxLifetimeDays, 'day')}: choose an expiry on or before ${latest.toISOString()}`,
      );
    }
  }
  return at.toISOString();
}

/** Throws a 400 on `max_key_lifetime_days` unless it is off (null) or a whole number of days in range. */
export function assertPolicyDays(days: unknown): asserts days is number | null {
  if (days === null) return;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_POLICY_DAYS) {
    throw badRequest('max_key_lifetime_days', `the maximum key lifetime must be a whole number of days from 1 to ${MAX_POLICY_DAYS}, or off`);
  }
}

/** The grace choices the UI offers when rolling; any other duration up to the maximum works too. */
export const GRACE_PRESETS = { now: 0, '1h': HOUR_MS, '24h': DAY_MS, '7d': 7 * DAY_MS } as const;
export type GraceChoice = keyof typeof GRACE_PRESETS;
export const GRACE_CHOICES = Object.keys(GRACE_PRESETS) as GraceChoice[];

/** Past a month, "grace" is just a second key nobody rotates away from. */
export const MAX_GRACE_MS = 30 * DAY_MS;

/** Throws a 400 on `grace` unless it is a whole number of milliseconds from 0 (now) to the maximum. */
export function assertGrace(ms: unknown): asserts ms is number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_GRACE_MS) {
    throw badRequest('grace', `the grace period must be from now (0) to ${formatDuration(MAX_GRACE_MS)}`);
  }
}
