/**
 * What the audit and inventory channels answer. The services' own result types are re-exported
 * (type-only, so nothing of main reaches the renderer's bundle); only the shapes the IPC layer
 * composes are declared here. None carries a secret: a leak is shown as `SG.<API Key ID>.…`, an
 * export as its hash.
 */
import type { Finding } from '../main/services/audit-findings.ts';
import type { InventoryDiff } from '../main/services/inventory-diff.ts';
import type { InventoryFormat } from '../main/services/inventory-file.ts';
import type { ImportResult as ImportedInventory } from '../main/services/inventory-import.ts';
import type { KeyStatistics } from '../main/services/key-statistics.ts';

export type { Finding, FindingRule, Severity } from '../main/services/audit-findings.ts';
export type { ChangeSummary as AuditChange } from '../main/services/audit-changes.ts';
export type { InventoryDiff } from '../main/services/inventory-diff.ts';
export type { ExportFormat, ExportResult } from '../main/services/inventory-export.ts';
export type { InventoryFormat } from '../main/services/inventory-file.ts';
export type { KeyRef } from '../main/services/inventory.ts';
export type { AgeBucket, KeyStatistics } from '../main/services/key-statistics.ts';
export type { LeakHit, LeakReport, LeakStatus, SkipReason } from '../main/services/leak-check.ts';

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

/** `inventory:import`: what the import did, and the file it read. */
export interface ImportResult extends ImportedInventory {
  readonly path: string;
}

/** `inventory:diff`: a file compared with the account as it stands now. */
export interface DiffResult {
  readonly path: string;
  readonly format: InventoryFormat;
  /** From a Keydesk export's header: when and from which account it was taken. */
  readonly exported_at: string | null;
  readonly exported_account: string | null;
  /** From the file (older) to the store (newer). */
  readonly diff: InventoryDiff;
}

// ---- the progress event

export const PROGRESS_OPERATIONS = ['export', 'import', 'leaks'] as const;
export type ProgressOperation = (typeof PROGRESS_OPERATIONS)[number];
