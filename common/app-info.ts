/** Facts about the running app and its store: version and paths, backups, and the local API switch. */

export interface AppInfo {
  readonly version: string;
  readonly database: string;
  readonly platform: string;
}

export interface BackupInfo {
  /** The file name, in the store's folder: what the app and `restore-backup` name a backup by. */
  readonly name: string;
  readonly path: string;
  /** The schema version the store had when it was copied. */
  readonly schema_version: number;
  readonly created_at: string;
  readonly bytes: number;
}

export interface RestoreResult {
  readonly restored_from: string;
  /** Where the replaced store was moved, or null when there was none. */
  readonly replaced_file: string | null;
}

export type LocalApiState = 'off' | 'listening' | 'failed';

export interface LocalApiStatus {
  readonly state: LocalApiState;
  /** The port listened on; when off or failed, the port asked for. */
  readonly port: number;
  /** Only while listening, e.g. `http://127.0.0.1:3017`. */
  readonly url?: string;
  /** Only when failed: why, for the user. */
  readonly error?: string;
}
