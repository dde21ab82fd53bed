/**
 * An index of each account's live keys issued here: the 100-key limit is counted on every create.
 * Without it the count read every live key of the account from the table to see whether it was
 * issued or imported, a lookup per key (about a third of a create's own work at 50 keys). Imported
 * keys are not in it, so an import of 100,000 keys does not write it. (`origin` and `deleted_at`
 * are in it, always the same values, so that SQLite's planner, which weighs indexes by how many of
 * a query's terms they match, prefers it to keys_by_account.)
 */
import type { Migration } from './index.ts';

export const issuedKeysByAccount: Migration = {
  version: 6,
  name: 'issued-keys-by-account',
  up(db) {
    db.exec("CREATE INDEX keys_issued_by_account ON keys (account_id, origin, deleted_at) WHERE deleted_at IS NULL AND origin = 'issued'");
  },
};
