/**
 * What the audit and inventory channels answer, as plain data types. They mirror the services'
 * own result types (main/services/audit-findings.ts, inventory-*.ts, leak-check.ts,
 * key-statistics.ts), which cannot be imported here: those modules reach Node, and the renderer
 * type-checks this file without Node types. Main's handlers must return values assignable to
 * these types, so a service result that drifts from them fails the type check. None carries a
 * secret: a leak is shown as `SG.<API Key ID>.…`, an export as its hash.
 */
import type { AccessType, CategoryId } from '../main/core/catalog.ts';

/** A key named in a result: enough to find it and to recognise it. */
export interface KeyRef {
  readonly api_key_id: string;
  readonly name: string;
}

// ---- audit:findings

export type Severity = 'high' | 'medium' | 'low';
export type FindingRule =
  | 'full_access'
  | 'mints_keys'
  | 'send_and_control'
  | 'over_key_limit'
  | 'billing_access'
  | 'unused'
  | 'too_old'
  | 'near_key_limit'
  | 'misreported_scopes'
  | 'never_used'
  | 'duplicate_name'
  | 'scopes_unknown';

export interface Finding {
  readonly id: string;
  readonly rule: FindingRule;
  readonly severity: Severity;
  readonly account: string;
  /** Empty for findings about the account as a whole (key limits). */
  readonly keys: readonly KeyRef[];
  readonly reason: string;
}

export interface AgeBucket {
  readonly min_days: number;
  /** null: no upper end. */
  readonly max_days: number | null;
  readonly keys: number;
}

export interface KeyStatistics {
  readonly total: number;
  readonly by_access_type: Readonly<Record<AccessType, number>>;
  readonly by_age: readonly AgeBucket[];
  readonly full_by_category: readonly { readonly category: CategoryId; readonly name: string; readonly keys: number }[];
}

export interface AuditReport {
  readonly account: string;
  /** The thresholds the findings used, from the `unusedKeyDays` and `maxKeyAgeDays` settings. */
  readonly unused_days: number;
  readonly max_age_days: number;
  /** Most severe first. */
  readonly findings: readonly Finding[];
  readonly statistics: KeyStatistics;
}

// ---- audit:list

/** What an audit entry changed (main/services/audit-changes.ts `summarizeChange`). */
export interface AuditChange {
  readonly renamed?: { readonly from: string; readonly to: string };
  readonly scopesAdded: readonly string[];
  readonly scopesRemoved: readonly string[];
  readonly accessType?: { readonly from: string | null; readonly to: string | null };
  readonly expiry?: { readonly from: string | null; readonly to: string | null };
  readonly disabled?: boolean;
}

// ---- inventory:export

export type ExportFormat = 'csv' | 'json';

export interface ExportResult {
  readonly format: ExportFormat;
  readonly account: string;
  readonly key_count: number;
  /** SHA-256 (hex) of the bytes written, as the audit log records it. */
  readonly sha256: string;
  readonly bytes: number;
  readonly path: string | null;
}

// ---- inventory:import

export type InventoryFormat = 'sendgrid-list' | 'sendgrid-keys' | 'keydesk-export';

export interface ImportResult {
  readonly path: string;
  readonly format: InventoryFormat;
  readonly account: string;
  readonly sha256: string;
  readonly added: readonly KeyRef[];
  readonly updated: readonly KeyRef[];
  readonly unchanged: number;
  /** Deleted here earlier: an import does not undo a deletion. */
  readonly skipped_deleted: readonly KeyRef[];
  /** On record without scopes: SendGrid's key list omits them. */
  readonly without_scopes: readonly KeyRef[];
}

// ---- inventory:diff

export interface InventoryDiff {
  readonly added: readonly KeyRef[];
  readonly removed: readonly KeyRef[];
  readonly renamed: readonly { readonly api_key_id: string; readonly from: string; readonly to: string }[];
  readonly scopes: readonly { readonly api_key_id: string; readonly name: string; readonly gained: readonly string[]; readonly lost: readonly string[] }[];
}

export interface DiffResult {
  /** The file compared with the account as it stands now. */
  readonly path: string;
  readonly format: InventoryFormat;
  /** From a Keydesk export's header: when and from which account it was taken. */
  readonly exported_at: string | null;
  readonly exported_account: string | null;
  /** From the file (older) to the store (newer). */
  readonly diff: InventoryDiff;
}

// ---- leaks:scan

export type LeakStatus = 'live' | 'retired' | 'wrong_secret' | 'deleted' | 'imported' | 'unknown';

export interface LeakHit {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly api_key_id: string | null;
  readonly account: string | null;
  readonly name: string | null;
  readonly status: LeakStatus;
  /** `SG.<API Key ID>.…`: never the secret. */
  readonly redacted: string;
}

export type SkipReason = 'binary' | 'too_large' | 'symlink' | 'ignored_folder' | 'not_a_file' | 'unreadable' | 'key_store';

export interface LeakReport {
  readonly root: string;
  readonly files_scanned: number;
  readonly hits: readonly LeakHit[];
  readonly skipped: readonly { readonly path: string; readonly reason: SkipReason }[];
}

// ---- the progress event

export const PROGRESS_OPERATIONS = ['export', 'import', 'leaks'] as const;
export type ProgressOperation = (typeof PROGRESS_OPERATIONS)[number];
