/**
 * Inventories as data: the keys an export, import, diff or leak check names, and what each of
 * them reports. Never a secret: a leak is `SG.<API Key ID>.…`, an export is its hash.
 * Declared here, shared by main (which produces them), the CLI and the renderer (which show them).
 */

/** A key named in a result (findings, import, diff): enough to find it and to recognise it. */
export interface KeyRef {
  readonly api_key_id: string;
  readonly name: string;
}

export interface Rename {
  readonly api_key_id: string;
  readonly from: string;
  readonly to: string;
}

/** A key whose scopes differ between the two sides, named as on the newer side. */
export interface ScopeChange extends KeyRef {
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

export interface InventoryDiff {
  readonly added: readonly KeyRef[];
  readonly removed: readonly KeyRef[];
  readonly renamed: readonly Rename[];
  readonly scopes: readonly ScopeChange[];
}

export const EXPORT_FORMATS = ['csv', 'json'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResult {
  readonly format: ExportFormat;
  readonly account: string;
  readonly key_count: number;
  /** SHA-256 (hex) of the bytes written, as recorded in the audit log. */
  readonly sha256: string;
  readonly bytes: number;
  /** The file written, or null for a stream. */
  readonly path: string | null;
}

export type InventoryFormat = 'sendgrid-list' | 'sendgrid-keys' | 'keydesk-export';

export interface ImportResult {
  readonly format: InventoryFormat;
  readonly account: string;
  /** SHA-256 of the file read. */
  readonly sha256: string;
  readonly added: readonly KeyRef[];
  readonly updated: readonly KeyRef[];
  readonly unchanged: number;
  /** Keys deleted from this store earlier: a deletion is not undone by an import. */
  readonly skipped_deleted: readonly KeyRef[];
  /** Keys now on record without scopes, because the file did not carry them (SendGrid's list endpoint). */
  readonly without_scopes: readonly KeyRef[];
}

export const LEAK_STATUSES = ['live', 'disabled', 'expired', 'retired', 'wrong_secret', 'deleted', 'imported', 'unknown'] as const;

/**
 * What `verify` would say of the key found, in its words: `live`: a secret of a key issued here
 * that verify accepts (the current one, or one still in its grace). `disabled`, `expired`: the
 * key's own secret, refused while the key is disabled or expired (it works again if the key is
 * enabled or given a new expiry). `retired`: a secret replaced when its key was rolled, its grace
 * over. `wrong_secret`: a known ID with a secret that was never its own. `deleted`: the key was
 * deleted here. `imported`: the key lives in SendGrid and its secret is not held here, so it may
 * well work there. `unknown`: no key of this store has that ID (or the text is not a whole key).
 */
export type LeakStatus = (typeof LEAK_STATUSES)[number];

export interface LeakHit {
  /** Relative to the folder scanned; the path as given when a single file was scanned. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly api_key_id: string | null;
  readonly account: string | null;
  /** The key's name in this store, when it has the ID. */
  readonly name: string | null;
  readonly status: LeakStatus;
  /** The hit without its secret: `SG.<API Key ID>.…`. */
  readonly redacted: string;
}

export type SkipReason = 'binary' | 'too_large' | 'symlink' | 'ignored_folder' | 'not_a_file' | 'unreadable' | 'key_store';

export interface SkippedPath {
  readonly path: string;
  readonly reason: SkipReason;
}

export interface LeakReport {
  readonly root: string;
  readonly files_scanned: number;
  readonly hits: readonly LeakHit[];
  readonly skipped: readonly SkippedPath[];
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

export const PROGRESS_OPERATIONS = ['export', 'import', 'leaks'] as const;

export type ProgressOperation = (typeof PROGRESS_OPERATIONS)[number];
