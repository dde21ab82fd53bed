/**
 * The expiry choices the create, edit and "set expiry" forms offer (none, 30/90/365 days, a date,
 * or in edit, keep what the key has), what instant each one means, and which ones the account's
 * maximum-lifetime policy rules out, in the key service's words. Pure: "now" is passed in.
 */
import { DAY_MS } from '../../common/durations.ts';

export const EXPIRY_PRESET_DAYS = [30, 90, 365] as const;

export type ExpiryChoice =
  | { readonly kind: 'keep' }
  | { readonly kind: 'none' }
  | { readonly kind: 'days'; readonly days: number }
  /** `yyyy-mm-dd` from a date input: the key stops working at the start of that day, local time. */
  | { readonly kind: 'date'; readonly date: string };

export interface ExpiryOption {
  /** The radio value. */
  readonly value: string;
  readonly label: string;
  readonly choice: ExpiryChoice | null;
  /** Why the account's policy rules the option out; null when it may be chosen. */
  readonly refused: string | null;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The policy in the key service's words (core/lifecycle.ts says the same when it refuses). */
export const policyText = (maxDays: number): string => `This account allows keys to live at most ${days(maxDays)}.`;

export function choiceValue(choice: ExpiryChoice): string {
  return choice.kind === 'days' ? `days-${choice.days}` : choice.kind;
}

/**
 * The options in order. Under a policy, "no expiry" and presets longer than it are refused with
 * the reason, and a preset for the policy's own length is added when none matches it.
 */
export function expiryOptions(policyDays: number | null, withKeep: boolean): ExpiryOption[] {
  const refusedBeyond = (n: number) => (policyDays !== null && n > policyDays ? policyText(policyDays) : null);
  const presets: number[] = [...EXPIRY_PRESET_DAYS];
  if (policyDays !== null && !presets.includes(policyDays)) presets.push(policyDays);
  presets.sort((a, b) => a - b);
  return [
    ...(withKeep ? [{ value: 'keep', label: 'Keep', choice: { kind: 'keep' } as const, refused: null }] : []),
    {
      value: 'none',
      label: 'No expiry',
      choice: { kind: 'none' } as const,
      refused: policyDays === null ? null : `${policyText(policyDays)} Choose when the key expires.`,
    },
    ...presets.map((n) => ({
      value: `days-${n}`,
      label: policyDays === n && !(EXPIRY_PRESET_DAYS as readonly number[]).includes(n) ? `${days(n)} (maximum)` : days(n),
      choice: { kind: 'days', days: n } as const,
      refused: refusedBeyond(n),
    })),
    { value: 'date', label: 'A date', choice: null, refused: null },
  ];
}

/** What a form starts with: in edit, what the key has; in create, no expiry, or under a policy its full length. */
export function defaultChoice(policyDays: number | null, withKeep: boolean): ExpiryChoice {
  if (withKeep) return { kind: 'keep' };
  return policyDays === null ? { kind: 'none' } : { kind: 'days', days: policyDays };
}

/** `yyyy-mm-dd` of the local day `ms` falls on, for a date input's value, min and max. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function startOfLocalDay(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(year, month - 1, day);
  return at.getFullYear() === year && at.getMonth() === month - 1 && at.getDate() === day ? at.getTime() : null;
}

/**
 * The expiry to send (ISO-8601), null for none, or undefined when nothing is to change ("keep") or
 * the date is not filled in yet. Past dates are sent as they are: the key service says why not.
 */
export function expiryOf(choice: ExpiryChoice, now: number): string | null | undefined {
  switch (choice.kind) {
    case 'keep':
      return undefined;
    case 'none':
      return null;
    case 'days':
      return new Date(now + choice.days * DAY_MS).toISOString();
    case 'date': {
      const at = startOfLocalDay(choice.date);
      return at === null ? undefined : new Date(at).toISOString();
    }
  }
}

/** The date range a date input offers: tomorrow up to the policy's last day. */
export function dateBounds(now: number, policyDays: number | null): { readonly min: string; readonly max: string | undefined } {
  return {
    min: localDate(now + DAY_MS),
    max: policyDays === null ? undefined : localDate(now + policyDays * DAY_MS),
  };
}
