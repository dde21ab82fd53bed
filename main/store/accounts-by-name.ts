/**
 * Accounts by name, for a door that names the account on every call (the window's IPC). Reading
 * one is a read transaction of its own, file locks included: most of what the dispatcher added to
 * listing 100 keys (bench #3). So the records are kept between calls, and all dropped
 * - when this connection has written an account row since (`AccountTable.writes`, counted in
 *   memory, rolled-back writes included), and
 * - when another connection (the CLI, the local API's thread) has committed since, which
 *   `PRAGMA data_version` tells (as in change-watch.ts). That read takes the locks a lookup would,
 *   so it is made at most once per `staleMs`: another process's rename or deletion reaches the
 *   window's calls within that time (the window itself learns of it within a second).
 * Names that are not found are not kept, nor what is read inside a transaction. Writes that
 * depend on the account's state (its policy, its existence) read it again by id inside their
 * transaction (`currentAccount`).
 */
import type { Database } from 'better-sqlite3';
import type { AccountRecord } from '../../common/records.ts';
import type { AccountTable } from './account-table.ts';

export interface AccountsByName {
  get(name: string): AccountRecord | undefined;
}

/** How long another process's account change may go unseen by the window's calls. */
export const ACCOUNTS_STALE_MS = 100;

export interface AccountsByNameOptions {
  readonly staleMs?: number;
  /** Milliseconds on a clock that only moves forward. */
  readonly now?: () => number;
}

export function accountsByName(
  db: Database,
  accounts: AccountTable,
  { staleMs = ACCOUNTS_STALE_MS, now = () => performance.now() }: AccountsByNameOptions = {},
): AccountsByName {
  const otherCommits = db.prepare<[], number>('PRAGMA data_version').pluck();
  const kept = new Map<string, AccountRecord>();
  let writes = accounts.writes;
  let version = otherCommits.get()!;
  let checkedAt = now();

  /** Whether another connection has committed since the last look, looking at most once per `staleMs`. */
  const committedElsewhere = (): boolean => {
    const at = now();
    if (at - checkedAt < staleMs) return false;
    checkedAt = at;
    const seen = otherCommits.get()!;
    const changed = seen !== version;
    version = seen;
    return changed;
  };

  return {
    get(name) {
      // Both marks are read on every call, so neither change waits behind the other.
      const ownWrite = accounts.writes !== writes;
      if (committedElsewhere() || ownWrite) {
        writes = accounts.writes;
        kept.clear();
      }
      const known = kept.get(name);
      if (known) return known;
      const account = accounts.byName(name);
      // Read inside a transaction, it may yet be rolled back: used, not kept.
      if (account && !db.inTransaction) kept.set(name, Object.freeze(account));
      return account;
    },
  };
}
