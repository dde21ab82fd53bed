/**
 * Reading the audit log as the Activity log and `keydesk log` show it, and checking it: the
 * caller's account, or every account for the owner. Reading and checking need the `audit.read`
 * operation; sealing the log afresh is the owner's alone.
 */
import type { AuditHead, AuditIntegrity } from '../../common/audit.ts';
import { badRequest } from '../../common/errors.ts';
import type { AuditEntry } from '../../common/records.ts';
import type { AuditFilter } from '../store/audit-log.ts';
import type { Store } from '../store/store.ts';
import { checkAuditIntegrity } from './audit-integrity.ts';
import { auditEntry } from './audit-entry.ts';
import { requireOperation, systemClock, type Caller, type Clock } from './caller.ts';

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

/** The hash chain, its seal and the replay of the log against the tables (see audit-integrity.ts); with `expectHead`, that witness too. */
export function verifyAuditTrail(store: Store, caller: Caller, expectHead?: AuditHead): AuditIntegrity {
  requireOperation(caller.actor, 'audit.read');
  return checkAuditIntegrity(store, expectHead && { head: expectHead });
}

/** Where the log ends now: the witness to write down. */
export function auditHead(store: Store, caller: Caller): AuditHead {
  requireOperation(caller.actor, 'audit.read');
  return store.audit.head();
}

/**
 * `verifyAuditTrail` against the head a JSON export carries (`header.audit_head`): the file must
 * be a whole Keydesk export, the log must still hold its head, and must record the export itself.
 */
export async function verifyAuditTrailAgainst(store: Store, caller: Caller, path: string): Promise<AuditIntegrity> {
  requireOperation(caller.actor, 'audit.read');
  // Loaded only here: the file reader brings zod, which no other `keydesk log` needs at start.
  const { readInventoryFile } = await import('./inventory-file.ts');
  const file = await readInventoryFile(path);
  const head = file.header?.audit_head;
  if (!head) {
    const what = file.header ? 'a Keydesk export from before exports carried the audit log\'s head' : 'not a Keydesk JSON export';
    throw badRequest('--against', `${path} has no audit_head to check: it is ${what}`);
  }
  return checkAuditIntegrity(store, { head, exportSha256: file.sha256 });
}

/** Seals the log afresh on this machine (AuditLog.reseal), recorded as `audit.reseal`. The owner only. */
export function resealAuditTrail(store: Store, caller: Caller, clock: Clock = systemClock): AuditEntry {
  requireOperation(caller.actor, 'audit.reseal');
  const rows = store.audit.head().seq;
  return store.audit.reseal(auditEntry(caller, clock.now().toISOString(), { action: 'audit.reseal', after: { sealed_rows: rows } }));
}
