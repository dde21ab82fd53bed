/**
 * What an audit says, as data: findings with their rules and severities, the figures the Audit
 * page charts, what one audit-log entry changed, and whether the log and the tables still agree.
 * Declared here, shared by main (which computes them), the CLI and the renderer (which show them).
 */
import type { AccessType, CategoryId } from './catalog.ts';
import type { KeyRef } from './inventory.ts';

export const SEVERITIES = ['high', 'medium', 'low'] as const;

export type Severity = (typeof SEVERITIES)[number];

export const FINDING_RULES = [
  'full_access',
  'mints_keys',
  'send_and_control',
  'over_key_limit',
  'billing_access',
  'unused',
  'too_old',
  'near_key_limit',
  'misreported_scopes',
  'never_used',
  'in_grace',
  'duplicate_name',
  'scopes_unknown',
] as const;

export type FindingRule = (typeof FINDING_RULES)[number];

export interface Finding {
  /** Stable across runs, e.g. `full_access:default` or `duplicate_name:default:mailer`. */
  readonly id: string;
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly account: string;
  /** Empty for findings about the account as a whole (key limits). */
  readonly keys: readonly KeyRef[];
  readonly reason: string;
}

/** Keys whose age in whole days is at least `min_days` and below `max_days` (null: no upper end). */
export interface AgeBucket {
  readonly min_days: number;
  readonly max_days: number | null;
  readonly keys: number;
}

export interface CategoryAtFull {
  readonly category: CategoryId;
  readonly name: string;
  readonly keys: number;
}

export interface KeyStatistics {
  readonly total: number;
  readonly by_access_type: Readonly<Record<AccessType, number>>;
  readonly by_age: readonly AgeBucket[];
  /** Every category that offers Full Access, most held first (catalog order between equals). */
  readonly full_by_category: readonly CategoryAtFull[];
}

export interface ChangeSummary {
  readonly renamed?: { readonly from: string; readonly to: string };
  readonly scopesAdded: readonly string[];
  readonly scopesRemoved: readonly string[];
  readonly accessType?: { readonly from: string | null; readonly to: string | null };
  readonly expiry?: { readonly from: string | null; readonly to: string | null };
  /** true: disabled; false: enabled again. */
  readonly disabled?: boolean;
  /** A roll: the short ids of the replaced and the new secret, and when the replaced one stops working. */
  readonly rolled?: { readonly from: string | null; readonly to: string; readonly previousRetiresAt: string | null };
}

export type ChainCheck =
  | { readonly intact: true; readonly rows: number }
  | { readonly intact: false; readonly rows: number; readonly brokenAt: number; readonly reason: string };

/** One way the tables differ from what the audit log replays to. */
export interface StateDifference {
  readonly kind: 'key' | 'account';
  /** The API Key ID, or the account's id. */
  readonly id: string;
  /** The differing field (`scopes`, `disabled`, `secret`, ...), or null when the whole record is at issue. */
  readonly field: string | null;
  /** What the audit log says, and what the table holds (null where there is nothing). */
  readonly expected: unknown;
  readonly actual: unknown;
  /** The audit row that set the expected state, or null when the log never mentions the record. */
  readonly seq: number | null;
  readonly message: string;
}

export type ReplayCheck =
  | { readonly consistent: true; readonly keys: number; readonly accounts: number }
  | {
      readonly consistent: false;
      readonly keys: number;
      readonly accounts: number;
      /** The first differences found (at most MAX_REPORTED_DIFFERENCES); `total` counts them all. */
      readonly differences: readonly StateDifference[];
      readonly total: number;
    };

/**
 * Where the audit log ends: its last row and that row's hash (`0` and 64 zeros while it is empty).
 * Written down elsewhere (a ticket, an export), it is a witness: `keydesk log --verify --expect-head`
 * later proves that history up to it was not rewritten.
 */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head as `SEQ:HASH`, the form `log --head` prints and `--expect-head` takes. */
export const headText = (head: AuditHead): string => `${head.seq}:${head.hash}`;

/** `SEQ:HASH` back into a head, or null for anything else (a short hash, upper case, spaces). */
export function parseHead(text: string): AuditHead | null {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text);
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

/** The seal over the chain (HMAC-SHA-256 with the store's key, which lives outside the store). */
export type SealCheck =
  /** Every row is covered by a seal made with this machine's key for the store. */
  | { readonly status: 'sealed' }
  /**
   * A seal does not match: rows were added, or changed and rehashed, or cut off the end, outside
   * Keydesk. `brokenAt` is the first row in doubt, or null when the store's seal itself is at issue.
   */
  | { readonly status: 'broken'; readonly brokenAt: number | null; readonly reason: string }
  /** The chain can be checked and its seal cannot: the store's seal key is not on this machine. */
  | { readonly status: 'unchecked'; readonly reason: string };

/** A head written down earlier, checked against the log (`--expect-head`, `--against`). */
export type WitnessCheck =
  /** `recorded_at`: for a witness from an export, the row that records the export itself. */
  | { readonly holds: true; readonly head: AuditHead; readonly recorded_at?: number }
  | { readonly holds: false; readonly head: AuditHead; readonly reason: string };

export interface AuditIntegrity {
  /** The chain is whole, no seal is broken, the tables equal its replay, and a witnessed head (if given) holds. */
  readonly intact: boolean;
  /** Rows in the audit log. */
  readonly rows: number;
  /** The hash of the last row (`head.hash`), kept for readers of earlier reports. */
  readonly head_hash: string;
  readonly head: AuditHead;
  readonly chain: ChainCheck;
  readonly seal: SealCheck;
  readonly replay: ReplayCheck;
  /** Only when a witnessed head was given. */
  readonly witness?: WitnessCheck;
}

/** `audit:findings`: the account's findings and the figures its charts draw. */
export interface AuditReport {
  readonly account: string;
  /** The thresholds the findings used, from the `unusedKeyDays` and `maxKeyAgeDays` settings. */
  readonly unused_days: number;
  readonly max_age_days: number;
  /** Most severe first. */
  readonly findings: readonly Finding[];
  readonly statistics: KeyStatistics;
}
