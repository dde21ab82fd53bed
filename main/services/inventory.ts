/**
 * A key as an inventory lists it: what export writes, import reads back and diff compares.
 * Never a secret; `last4` is display data, as in SendGrid's own UI. Where the secret lives
 * (`origin`) is a fact about one store, not about the key, so the JSON export leaves it out:
 * that is what lets export → import elsewhere → export reproduce the same bytes.
 */
import { createHash } from 'node:crypto';
import type { AccessType } from '../../common/catalog.ts';
import type { KeyRecord } from '../store/key-table.ts';
import type { AuditHead } from '../../common/audit.ts';

export const EXPORT_TOOL = 'keydesk';

export const KEY_STATUSES = ['active', 'disabled', 'expired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** Disabled wins over expired: disabling is a person's decision, expiry only a date. */
export function keyStatus(key: Pick<KeyRecord, 'disabled_at' | 'expires_at'>, now: Date): KeyStatus {
  if (key.disabled_at !== null) return 'disabled';
  if (key.expires_at !== null && key.expires_at <= now.toISOString()) return 'expired';
  return 'active';
}

/** One key in a Keydesk JSON export, members in this order. */
export interface ExportedKey {
  /** Only in an export of every account (`export --all-accounts`): the key's account. */
  readonly account?: string;
  readonly api_key_id: string;
  readonly name: string;
  /** null with `scopes`, when nobody knows the key's scopes (see `knownScopes`): never a guess. */
  readonly access_type: AccessType | null;
  readonly scopes: readonly string[] | null;
  readonly last4: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_used_at: string | null;
  readonly expires_at: string | null;
  readonly status: KeyStatus;
}

export function toExportedKey(key: KeyRecord, now: Date, account?: string): ExportedKey {
  const scopes = knownScopes(key);
  return {
    ...(account === undefined ? {} : { account }),
    api_key_id: key.api_key_id,
    name: key.name,
    access_type: scopes === null ? null : key.access_type,
    scopes,
    last4: key.last4,
    created_at: key.created_at,
    updated_at: key.updated_at,
    last_used_at: key.last_used_at,
    expires_at: key.expires_at,
    status: keyStatus(key, now),
  };
}

/** Which keys an export holds, when not all of them (`keydesk export --status active --origin issued`). */
export interface ExportFilter {
  readonly status?: KeyStatus;
  readonly access?: AccessType;
  readonly origin?: KeyRecord['origin'];
}

/** Whether `key` is one the filter asks for (keys with unknown scopes match no access type). */
export function matchesFilter(key: KeyRecord, filter: ExportFilter, now: Date): boolean {
  if (filter.status !== undefined && keyStatus(key, now) !== filter.status) return false;
  if (filter.origin !== undefined && key.origin !== filter.origin) return false;
  return filter.access === undefined || (knownScopes(key) !== null && key.access_type === filter.access);
}

/** The header of a Keydesk JSON export: enough for a reader to tell the file is complete. */
export interface ExportHeader {
  readonly tool: typeof EXPORT_TOOL;
  readonly version: string;
  readonly exported_at: string;
  /** null in an export of every account, whose keys each name theirs. */
  readonly account: string | null;
  /** Present when the export holds only some keys (`export --status ...`): which ones. */
  readonly filter?: ExportFilter;
  readonly key_count: number;
  /** SHA-256 (hex) of the `keys` array written compactly: `JSON.stringify(keys)`, members in file order. */
  readonly body_sha256: string;
  /**
   * Where the store's audit log ended when the keys were read (the export's own entry follows it):
   * a witness for `keydesk log --verify --against FILE`. Absent from files made before it was added.
   */
  readonly audit_head?: AuditHead;
}

/** `body_sha256` for keys already serialised one by one (`JSON.stringify(key)` each). */
export function bodySha256(serialisedKeys: readonly string[]): string {
  const hash = createHash('sha256').update('[');
  serialisedKeys.forEach((key, i) => hash.update(i === 0 ? key : `,${key}`));
  return hash.update(']').digest('hex');
}

/**
 * The key's scopes, or null when nobody knows them: a key imported from SendGrid's list endpoint,
 * which returns names and IDs only. Keys issued here always hold at least one permission.
 */
export function knownScopes(key: Pick<KeyRecord, 'origin' | 'scopes'>): readonly string[] | null {
  return key.origin !== 'issued' && key.scopes.length === 0 ? null : key.scopes;
}
