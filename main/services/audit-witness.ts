/**
 * Witnessed heads. A head (`SEQ:HASH`) written down outside the store, in a ticket, an auditor's
 * notes or the `audit_head` of a JSON export, later proves that history up to it was not rewritten,
 * as Certificate Transparency's tree heads and CloudTrail's digest files do. It needs no key: the
 * hash chain is plain SHA-256, so whoever holds the witness can check any copy of the store. Rows
 * added after it are vouched for by the seal, which needs the store's key: where the key is not,
 * they cannot be told from rows added by hand, and the witness does not hold.
 */
import type { AuditEntry } from '../../common/records.ts';
import type { AuditHead, ChainCheck, SealCheck, WitnessCheck } from '../../common/audit.ts';
import type { Store } from '../store/store.ts';

export interface Witnessed {
  readonly head: AuditHead;
  /** A witness from a JSON export: the file's SHA-256, which the log must have recorded after the head. */
  readonly exportSha256?: string;
}

/** What `checkAuditIntegrity` found, in the same snapshot. */
export interface Found {
  readonly chain: ChainCheck;
  readonly seal: SealCheck;
  readonly head: AuditHead;
  readonly entries: readonly AuditEntry[];
}

const rowsText = (from: number, to: number) => (from === to ? `row ${from} was` : `rows ${from}-${to} were`);

/** Holds when row SEQ still has exactly the witnessed hash and the chain from it to the head holds, sealed. */
export function checkWitness(store: Store, witnessed: Witnessed, found: Found): WitnessCheck {
  const { head: expected } = witnessed;
  const fail = (reason: string): WitnessCheck => ({ holds: false, head: expected, reason });
  const hash = store.audit.hashAt(expected.seq);
  if (hash === undefined) {
    return fail(`row ${expected.seq} is not in the log, which ends at row ${found.head.seq}: rows were cut off the end, or the head is from another store`);
  }
  if (hash !== expected.hash) return fail(`row ${expected.seq} now has hash ${hash}, not the witnessed ${expected.hash}: the log up to it was rewritten`);
  if (!found.chain.intact) return fail(`the chain does not hold (row ${found.chain.brokenAt}: ${found.chain.reason})`);
  if (found.seal.status === 'broken') return fail(`the seal is broken (${found.seal.reason})`);
  if (found.seal.status === 'unchecked' && found.head.seq > expected.seq) {
    return fail(
      `${rowsText(expected.seq + 1, found.head.seq)} added after it, and the seal cannot be checked on this machine ` +
        `(${found.seal.reason}): without it they cannot be told from rows added outside Keydesk`,
    );
  }
  if (witnessed.exportSha256 !== undefined) {
    const recorded = found.entries.find((e) => e.seq > expected.seq && e.action === 'inventory.export' && isRecordOf(e.after, witnessed.exportSha256!));
    if (!recorded) {
      return fail(`the log records no export with this file's SHA-256 (${witnessed.exportSha256}) after row ${expected.seq}: it was not written by this store, or its record was removed`);
    }
    return { holds: true, head: expected, recorded_at: recorded.seq };
  }
  return { holds: true, head: expected };
}

// Object(): a snapshot that is no object (null, text written by hand) has no members.
const isRecordOf = (after: unknown, sha256: string): boolean => (Object(after) as { sha256?: unknown }).sha256 === sha256;
