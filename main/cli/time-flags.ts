/**
 * The CLI's time flags: expiry (`--in 90d`, `--at 2026-12-31`, `--never`, and `--expires-in` /
 * `--expires-at` at create), `--grace` for rolls and `--max-lifetime` for policies. Bad values are
 * reported by flag name before anything is written.
 */
import { DAY_MS, DURATION_HINT, INSTANT_HINT, parseDuration, parseInstant } from '../../common/durations.ts';
import { usageError } from './usage-error.ts';

export interface ExpiryChoice {
  /** A duration from now, e.g. `90d`. */
  readonly in?: { readonly flag: string; readonly value: string | undefined };
  /** An ISO-8601 date or time. */
  readonly at?: { readonly flag: string; readonly value: string | undefined };
  /** No expiry at all. */
  readonly never?: { readonly flag: string; readonly value: boolean | undefined };
}

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw usageError(flag, `expected a duration: ${DURATION_HINT}; got "${text}"`);
  return ms;
}

/**
 * The expiry the flags ask for, as an ISO-8601 instant; null for `--never`; undefined when no
 * flag was given. At most one of them may be given.
 */
export function expiryFromFlags(choice: ExpiryChoice, now: Date): string | null | undefined {
  const given = [choice.in, choice.at, choice.never].filter((f) => f !== undefined && f.value !== undefined && f.value !== false);
  if (given.length > 1) {
    throw usageError(given[0]!.flag, `choose one of ${given.map((f) => f!.flag).join(', ')}`);
  }
  if (choice.in?.value !== undefined) return new Date(now.getTime() + duration(choice.in.flag, choice.in.value)).toISOString();
  if (choice.at?.value !== undefined) {
    const at = parseInstant(choice.at.value);
    if (!at) throw usageError(choice.at.flag, `expected ${INSTANT_HINT}; got "${choice.at.value}"`);
    return at.toISOString();
  }
  if (choice.never?.value) return null;
  return undefined;
}

/** `--grace now|0|1h|24h|7d|...` in milliseconds; `now` (no grace) when not given. */
export function graceFromFlag(text: string | undefined): number {
  if (text === undefined || ['now', '0'].includes(text.trim().toLowerCase())) return 0;
  return duration('--grace', text);
}

/** `--max-lifetime 90d` in whole days. */
export function lifetimeDaysFromFlag(text: string): number {
  const ms = duration('--max-lifetime', text);
  if (ms === 0 || ms % DAY_MS !== 0) throw usageError('--max-lifetime', `expected whole days, e.g. 30d, 90d, 365d; got "${text}"`);
  return ms / DAY_MS;
}
