/**
 * The audit log's seal: HMAC-SHA-256 with the store's own key (seal-keys.ts), which the store does
 * not hold. The hash chain (audit-log.ts) shows a row edited, removed or reordered, but anyone can
 * recompute plain SHA-256: a row appended with a correct hash, or history rewritten and rechained,
 * leaves a chain that still holds. A seal cannot be recomputed without the key.
 *
 * Every write seals its last row, and the chain ties each earlier row to that seal: a changed row
 * changes every hash after it, up to a sealed one. The head carries a seal of its own, so rows cut
 * off the end (with the head moved back) show as well. Each seal says what it is for, so one can
 * never stand in for another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SealKeyUnreadable, STORE_ID, storePathOf, type SealKeyring } from './seal-keys.ts';

export class AuditSeal {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  #mac(purpose: string, ...parts: readonly (string | number)[]): Buffer {
    return createHmac('sha256', this.#key).update([purpose, ...parts].join('\n')).digest();
  }

  /** The seal of the row with this hash (which covers the row and, through the chain, all before it). */
  row(hash: string): Buffer {
    return this.#mac('keydesk audit row', hash);
  }

  /** The seal of the head: the log ends at row `seq`, whose hash is `hash`. */
  head(seq: number, hash: string): Buffer {
    return this.#mac('keydesk audit head', seq, hash);
  }

  /** Kept in the store: tells "this is not the store's key" apart from "the rows were changed". */
  keyCheck(storeId: string): Buffer {
    return this.#mac('keydesk seal key', storeId);
  }
}

/** Compared in constant time; a missing seal matches nothing. */
export function sealMatches(stored: Buffer | null, expected: Buffer): boolean {
  return stored !== null && stored.length === expected.length && timingSafeEqual(stored, expected);
}

/** What this connection can do with the store's seal. */
export type SealAccess =
  /** A store at a schema before the seal (tests stepping through migrations). */
  | { readonly kind: 'none' }
  | { readonly kind: 'key'; readonly storeId: string; readonly where: string; readonly seal: AuditSeal }
  /**
   * No usable key here: `broken` when its absence is itself a sign of tampering (this machine
   * sealed the store with another key, or sealed another store at this path); otherwise the store
   * is simply on another machine, or its key file here cannot be used.
   */
  | { readonly kind: 'unavailable'; readonly broken: true; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly broken: false; readonly storeId: string; readonly reason: string };

interface SealRecord {
  readonly store_id: unknown;
  readonly key_check: unknown;
}

/** Finds the store's seal key in `keyring` and checks it is the one the store was sealed with. */
export function sealAccess(db: Database, keyring: SealKeyring): SealAccess {
  const hasSeal = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_seal'").get() !== undefined;
  if (!hasSeal) return { kind: 'none' };
  const record = db.prepare<[], SealRecord>('SELECT store_id, key_check FROM audit_seal WHERE id = 1').get();
  if (!record) return { kind: 'unavailable', broken: true, reason: 'the record of its seal is missing from the store' };
  const { store_id: storeId, key_check: keyCheck } = record;
  if (typeof storeId !== 'string' || !Buffer.isBuffer(keyCheck)) {
    return { kind: 'unavailable', broken: true, reason: 'the record of its seal was changed' };
  }
  let where: string;
  let key: Buffer | null;
  try {
    where = keyring.where(storeId);
    key = keyring.read(storeId);
  } catch (error) {
    if (!(error instanceof SealKeyUnreadable)) throw error;
    // An id Keydesk never makes was written into the store; a damaged key file is said as it is.
    return STORE_ID.test(storeId) ? { kind: 'unavailable', broken: false, storeId, reason: error.message } : { kind: 'unavailable', broken: true, reason: error.message };
  }
  if (key === null) {
    // This store's own key is not among them: it was just looked for, and is not there.
    const others = keyring.storesSealedAt(storePathOf(db.name));
    if (others.length > 0) {
      return {
        kind: 'unavailable',
        broken: true,
        reason: `this machine sealed a different store at this path (${others.join(', ')}): the store's identity was changed, or another store was put in its place`,
      };
    }
    return { kind: 'unavailable', broken: false, storeId, reason: `its seal key is not on this machine (${where})` };
  }
  const seal = new AuditSeal(key);
  if (!sealMatches(keyCheck, seal.keyCheck(storeId))) {
    return {
      kind: 'unavailable',
      broken: true,
      reason: `the seal key at ${where} is not the one the store is sealed with: the store was sealed afresh elsewhere, or the key was replaced`,
    };
  }
  return { kind: 'key', storeId, where, seal };
}
