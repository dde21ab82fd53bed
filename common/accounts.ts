/** Accounts as the app and the CLI list them: each with its key counts against its own limit. */
import type { AccountRecord } from './records.ts';

export interface AccountSummary extends AccountRecord {
  readonly parent_name: string | null;
  /** Keys not deleted, imported ones included. */
  readonly keys: number;
  /** Keys issued here and not deleted: what the limit counts. */
  readonly issued_keys: number;
  readonly key_limit: number;
}

export interface PolicyChange {
  readonly account: AccountSummary;
  /**
   * Live keys that would not meet the new policy (no expiry, or one further away than it allows).
   * The policy applies to expiries set from now on; these keep theirs until someone changes them.
   */
  readonly keys_beyond_policy: readonly string[];
}
