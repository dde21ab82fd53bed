/**
 * Which scope each operation needs: the one table, checked by the services whichever door a call
 * came through (the app's IPC, the CLI, the local API). The account owner (the person at the
 * desktop or the shell) holds every grantable scope; a key, presented through KEYDESK_API_KEY or
 * to the local API, holds exactly its own. `OWNER_ONLY` operations reach across accounts or
 * replace the store itself, which no SendGrid key can do, so no key may perform them.
 *
 * test/reliability/authorization-doors.test.ts walks this table through all three doors.
 */
import { authorize } from '../../common/permissions.ts';

export const OWNER_ONLY = 'owner only';

export const OPERATION_SCOPES = {
  /** List keys, show one, list a key's secrets by short id. */
  'keys.read': 'api_keys.read',
  'keys.create': 'api_keys.create',
  /** Rename, replace scopes, disable, enable, set expiry, roll (and their bulk forms). */
  'keys.update': 'api_keys.update',
  'keys.delete': 'api_keys.delete',
  /** The audit log, its verification, and the audit's findings and figures. */
  'audit.read': 'api_keys.read',
  /** Export an inventory, diff one against the store, check files for leaked keys. */
  'inventory.read': 'api_keys.read',
  /** Import key records: adds keys and updates them. */
  'inventory.import': ['api_keys.create', 'api_keys.update'],
  /**
   * Pull a live SendGrid account's keys into the account (`keydesk pull`): adds key records,
   * updates their names and scopes, and marks the ones gone from SendGrid removed. With subusers
   * it also creates their accounts, which `accounts.manage` decides.
   */
  'inventory.pull': ['api_keys.create', 'api_keys.update', 'api_keys.delete'],
  /** List the account's subusers (the local API's `GET /v3/subusers`, which a pull reads). */
  'subusers.read': 'subusers.read',
  /** Accounts (SendGrid accounts or subusers): list, create, rename, delete, set the lifetime policy. */
  'accounts.read': OWNER_ONLY,
  'accounts.manage': OWNER_ONLY,
  /** Every account's entries at once (`log --all`, `audit --all-accounts`, `export --all-accounts`). */
  'audit.read-all-accounts': OWNER_ONLY,
  /** Seal the audit log afresh with a key made on this machine (a store whose key stayed on another). */
  'audit.reseal': OWNER_ONLY,
  /** List the store's backups and restore one over it: replacing the store undoes every change since the backup. */
  'store.backups': OWNER_ONLY,
  /** Set a key's owner, purpose and tags (Keydesk's own notes, never sent to SendGrid). */
  'annotations.manage': 'api_keys.update',
  /** Access reviews: list them, show one, its findings and its evidence report. */
  'reviews.read': 'api_keys.read',
  /** Start, decide and close an access review (a Disable or Delete decision also needs what that change needs). */
  'reviews.manage': 'api_keys.update',
} as const satisfies Readonly<Record<string, string | readonly string[]>>;

export type Operation = keyof typeof OPERATION_SCOPES;
export const OPERATIONS = Object.keys(OPERATION_SCOPES) as Operation[];

/** Who is asking: the owner, or a key with its scopes. */
export type Holder = { readonly kind: 'owner' } | { readonly kind: 'key'; readonly scopes: readonly string[] };

/** The scopes `operation` needs, every one of them; null when only the owner may perform it. */
export function requiredScopes(operation: Operation): readonly string[] | null {
  const needed: string | readonly string[] = OPERATION_SCOPES[operation];
  if (needed === OWNER_ONLY) return null;
  return typeof needed === 'string' ? [needed] : needed;
}

/** Whether `holder` may perform `operation`. The owner holds every grantable scope, so only the table's scopes matter for keys. */
export function mayPerform(holder: Holder, operation: Operation): boolean {
  if (holder.kind === 'owner') return true;
  const needed = requiredScopes(operation);
  return needed !== null && needed.every((scope) => authorize(holder.scopes, scope));
}
