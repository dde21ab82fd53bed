/**
 * The words and styles of a key's life in the list: its status badge, its expiry ("expires in 5
 * days", warned at 30, 7 and 1 days), and the roll dialog's grace choices. The rules come from
 * core/lifecycle.ts, the same functions the CLI and `verify` use.
 */
import { describeExpiry, expiryWarning, GRACE_PRESETS, keyStatus, type ExpiryWarning, type KeyStatus } from '../../common/lifecycle.ts';
import type { KeyRecord } from '../../common/records.ts';
import type { GraceChoice } from '../../common/lifecycle.ts';
import { formatDate, RELATIVE_LIMIT_MS, shortSpan } from './time-format.ts';

export const STATUS_LABEL: Readonly<Record<KeyStatus, string>> = { active: 'Active', disabled: 'Disabled', expired: 'Expired' };

export interface ExpiryView {
  readonly status: KeyStatus;
  /** `expires in 5 days`, `expired 3 days ago` or `never expires`. */
  readonly text: string;
  /** The tightest warning window (30, 7 or 1 days) an active key is in, or null. */
  readonly warning: ExpiryWarning | null;
}

export function expiryView(key: KeyRecord, now: Date): ExpiryView {
  const status = keyStatus(key, now);
  // Past a year either way a date says more than "expires in 1627 days" (the app's one time format).
  const far = key.expires_at !== null && Math.abs(Date.parse(key.expires_at) - now.getTime()) > RELATIVE_LIMIT_MS;
  return {
    status,
    text: far ? `${status === 'expired' ? 'expired' : 'expires'} ${formatDate(key.expires_at!)}` : describeExpiry(key.expires_at, now),
    warning: status === 'active' ? expiryWarning(key.expires_at, now) : null,
  };
}

/** What a screen reader hears before the expiry text of a key in a warning window. */
export const WARNING_LABEL: Readonly<Record<ExpiryWarning, string>> = {
  30: 'Expires within 30 days:',
  7: 'Expires within 7 days:',
  1: 'Expires within a day:',
};

export const GRACE_LABEL: Readonly<Record<GraceChoice, string>> = { now: 'Now', '1h': '1 hour', '24h': '24 hours', '7d': '7 days' };

export const GRACE_HINT: Readonly<Record<GraceChoice, string>> = {
  now: 'The current key stops working at once. Choose this when it has leaked.',
  '1h': 'Time to swap the key in one place.',
  '24h': 'Time to deploy the new key everywhere first.',
  '7d': 'For keys spread over many systems.',
};

/** Grace in the order offered, shortest first. */
export const GRACE_ORDER = (Object.keys(GRACE_PRESETS) as GraceChoice[]).sort((a, b) => GRACE_PRESETS[a] - GRACE_PRESETS[b]);

/** "2 secrets · old one stops in 23 h": a rolled key whose previous secret still works until `ends`. */
export function graceTag(ends: string, now: number): string {
  return `2 secrets · old one stops in ${shortSpan(ends, now)}`;
}
