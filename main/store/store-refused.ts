/** Why Keydesk would not open a store file, in terms a caller can act on and a user can read. */
import { KeydeskError } from '../../common/errors.ts';

/**
 * Why a store was refused, for whoever decides what to offer next: a damaged store (or one whose
 * upgrade failed) can be replaced by a backup; a newer one needs a newer Keydesk.
 */
export type RefusalReason = 'foreign' | 'newer' | 'damaged' | 'upgrade_failed' | 'unavailable';

export class StoreRefused extends KeydeskError {
  readonly reason: RefusalReason;
  /** Another connection held the store for a moment (SQLite said busy): trying again may succeed. */
  readonly busy: boolean;
  constructor(path: string, reason: RefusalReason, why: string, busy = false) {
    super('CONFLICT', [{ field: 'database', message: `refusing to open ${path}: ${why}` }]);
    this.reason = reason;
    this.busy = busy;
  }
}

export const refuse = (path: string, why: string, reason: RefusalReason = 'damaged'): StoreRefused => new StoreRefused(path, reason, why);
