/**
 * An index of each account's live keys in creation order. The key list is read in that order
 * (oldest first in full, newest first for the first screen): without it SQLite sorts all of an
 * account's keys for every list, 100 ms at 100,000 keys just to find the newest 100.
 */
import type { Migration } from './index.ts';

export const liveKeysByAge: Migration = {
  version: 3,
  name: 'live-keys-by-age',
  up(db) {
    db.exec('CREATE INDEX keys_live_by_age ON keys (account_id, created_at, id) WHERE deleted_at IS NULL');
  },
};
