/**
 * The records Keydesk keeps, as plain data types with no I/O attached: what the store returns, the
 * services pass around, and the IPC contract and local API send. None of them ever holds a secret.
 */
import type { AccessType } from './catalog.ts';

/**
 * Where a key's record came from: 'issued' here (with a secret), 'imported' from a file, or
 * 'pulled' from a live SendGrid account by `keydesk pull`. Only issued keys have a secret here.
 */
export const KEY_ORIGINS = ['issued', 'imported', 'pulled'] as const;
export type KeyOrigin = (typeof KEY_ORIGINS)[number];

/** A key's metadata as stored. */
export interface KeyRecord {
  readonly api_key_id: string;
  readonly account_id: number;
  readonly name: string;
  readonly access_type: AccessType;
  readonly scopes: readonly string[];
  /** 'issued' keys were made here and have a secret; 'imported' and 'pulled' ones live in SendGrid. */
  readonly origin: KeyOrigin;
  /** Last 4 characters of the current secret, for telling keys apart; null for imported keys. */
  readonly last4: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_used_at: string | null;
  readonly last_used_by: string | null;
  readonly expires_at: string | null;
  readonly disabled_at: string | null;
  readonly deleted_at: string | null;
}

export interface AccountRecord {
  readonly id: number;
  readonly name: string;
  /** A subuser account points at its parent. */
  readonly parent_id: number | null;
  /** Longest lifetime a new key may have, in days; null means no policy. */
  readonly max_key_lifetime_days: number | null;
  readonly created_at: string;
}

/** Every action the audit log records. The Activity log labels each one (the compiler holds it to this list). */
export const AUDIT_ACTIONS = [
  'key.create',
  'key.rename',
  'key.update',
  'key.delete',
  'key.disable',
  'key.enable',
  'key.expire',
  'key.roll',
  'key.import',
  'key.import.update',
  'key.pull',
  'key.pull.update',
  'key.pull.remove',
  'inventory.export',
  'inventory.import',
  'inventory.pull',
  'account.create',
  'account.rename',
  'account.delete',
  'account.policy',
  /** The audit log sealed afresh with a key made on this machine (`keydesk log --reseal`). */
  'audit.reseal',
  'key.annotate',
  'review.start',
  'review.decide',
  'review.close',
  'review.report',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The door a change came through. */
export type Via = 'app' | 'cli' | 'api';

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  /** 'owner' or 'key:<api key id>'. */
  readonly actor: string;
  readonly via: Via;
  readonly action: AuditAction;
  readonly account_id: number;
  readonly key_id: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly prev_hash: string;
  readonly hash: string;
}
