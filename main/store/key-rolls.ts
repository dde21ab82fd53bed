/** When each key was last rolled, read from the audit log: the keys table keeps no such column. */
import type { Database } from 'better-sqlite3';

/** The time of each of the account's keys' last roll, by API Key ID (keys never rolled are absent). */
export function lastRolls(db: Database, accountId: number): Map<string, string> {
  const rows = db
    .prepare<[number], [string, string]>("SELECT key_id, max(at) FROM audit_log WHERE account_id = ? AND action = 'key.roll' GROUP BY key_id")
    .raw()
    .all(accountId);
  return new Map(rows);
}
