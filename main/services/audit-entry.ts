/**
 * The one way a service writes down what a caller did: who (the owner, or `key:<API Key ID>`),
 * through which door, when, on which account and key, and the state before and after. Snapshots
 * are records, never secrets.
 */
import type { AuditAction } from '../../common/records.ts';
import type { NewAuditEntry } from '../store/audit-log.ts';
import { actorLabel, type Caller } from './caller.ts';

export interface AuditedChange {
  readonly action: AuditAction;
  /** The account changed; the caller's own when left out. */
  readonly account_id?: number;
  readonly key_id?: string | null;
  readonly before?: object | null;
  readonly after?: object | null;
  /**
   * Who made the change, when it was not the caller: a pull records what changed in SendGrid with
   * the pull as its actor (`pull:<API Key ID>`), the caller being who ran the pull.
   */
  readonly actor?: string;
}

export function auditEntry(caller: Caller, at: string, change: AuditedChange): NewAuditEntry {
  return {
    at,
    actor: change.actor ?? actorLabel(caller.actor),
    via: caller.via,
    action: change.action,
    account_id: change.account_id ?? caller.account.id,
    key_id: change.key_id ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
  };
}
