/**
 * Reading the audit log as the Activity log and `keydesk log` show it, and checking it: the
 * caller's account, or every account for the owner. Both need the `audit.read` operation.
 */
import type { AuditIntegrity } from '../../common/audit.ts';
import type { AuditEntry } from '../../common/records.ts';
import type { AuditFilter } from '../store/audit-log.ts';
import type { Store } from '../store/store.ts';
import { checkAuditIntegrity } from './audit-integrity.ts';
import { requireOperation, type Caller } from './caller.ts';

export interface TrailFilter extends Omit<AuditFilter, 'accountId'> {
  /** Every account's entries, deleted accounts' included; the owner only. */
  readonly allAccounts?: boolean;
}

/** The entries, oldest first. */
export function auditEntries(store: Store, caller: Caller, filter: TrailFilter = {}): AuditEntry[] {
  requireOperation(caller.actor, 'audit.read');
  const { allAccounts, ...rest } = filter;
  if (allAccounts) requireOperation(caller.actor, 'audit.read-all-accounts');
  return store.audit.list(allAccounts ? rest : { ...rest, accountId: caller.account.id });
}

/** The hash chain and the replay of the log against the tables (see audit-integrity.ts). */
export function verifyAuditTrail(store: Store, caller: Caller): AuditIntegrity {
  requireOperation(caller.actor, 'audit.read');
  return checkAuditIntegrity(store);
}
