/**
 * Verification: does a presented key unlock a live key of this store? Malformed text is turned
 * away before the database is touched; digests are compared in constant time; success records
 * when the key was last used, at most once a minute per key, so heavy callers cost no disk writes.
 * Nothing is cached: a key deleted or disabled by the app, the CLI or the local API fails its very
 * next verification. The hot path is one lookup of one narrow row holding the current digest.
 */
import { nameErrors } from '../core/grant.ts';
import { digestKey, isCurrentSecret, parseKey, type ParsedKey } from '../core/key-format.ts';
import type { VerificationRow } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './caller.ts';

export type RejectReason =
  | 'malformed'
  | 'unknown'
  | 'deleted'
  | 'not_issued_here'
  | 'wrong_secret'
  | 'retired_secret'
  | 'disabled'
  | 'expired';

export const REJECT_MESSAGES: Readonly<Record<RejectReason, string>> = {
  malformed: 'not a SendGrid API key: expected SG.<22-character ID>.<43-character secret>',
  unknown: 'no key with this API Key ID exists in this store',
  deleted: 'this key has been deleted',
  not_issued_here: 'this key was imported; its secret lives in SendGrid, not in this store',
  wrong_secret: 'the secret does not match this API Key ID',
  retired_secret: 'this secret was replaced when the key was rolled, and its grace period is over',
  disabled: 'this key is disabled',
  expired: 'this key has expired',
};

/**
 * A key that verified: who it is and what it may do. Not its name (`KeyTable.nameOf` has it): the
 * local API verifies on every request and never shows one, and reading a string per call was a
 * tenth of verification's own work.
 */
export interface VerifiedKey {
  readonly api_key_id: string;
  readonly account_id: number;
  readonly scopes: readonly string[];
}

export type VerifyResult =
  | { readonly ok: true; readonly key: VerifiedKey }
  | { readonly ok: false; readonly reason: RejectReason; readonly message: string };

/** Last-used writes are coalesced to one per key per interval. */
export const LAST_USED_INTERVAL_MS = 60_000;


export interface Verifier {
  verify(presented: string, options?: { readonly caller?: string }): VerifyResult;
}

const reject = (reason: RejectReason): VerifyResult => ({ ok: false, reason, message: REJECT_MESSAGES[reason] });

/** Whether a moment (ISO text) has come; none (null) never does: Date.parse("null") is NaN. */
const reached = (at: string | null, now: Date): boolean => Date.parse(String(at)) <= now.getTime();

/**
 * Why a key found in the store may not be used, or null when it may: verify's checks in verify's
 * order, which the leak check shares so that a leaked key's status is verify's verdict on it.
 * Nothing about a key's state (disabled, expired) is told without its right secret.
 */
export function refusalOf(store: Store, parsed: ParsedKey, key: VerificationRow, now: Date): Exclude<RejectReason, 'malformed' | 'unknown'> | null {
  if (key.deleted) return 'deleted';
  if (!key.issued) return 'not_issued_here';
  const digest = digestKey(parsed.apiKey);
  // The current secret never retires: only a rolled one (read only then) has a time to check.
  if (!isCurrentSecret(key.digest, digest)) {
    const rolled = store.keys.rolledSecret(parsed.id, digest);
    if (!rolled) return 'wrong_secret';
    if (reached(rolled.retires_at, now)) return 'retired_secret';
  }
  if (key.disabled) return 'disabled';
  if (key.expires_ms <= now.getTime()) return 'expired';
  return null;
}

export function createVerifier(store: Store, clock: Clock): Verifier {
  const lastWritten = new Map<string, number>();
  const touch = store.db.prepare(
    `UPDATE keys SET last_used_at = @at, last_used_by = @caller
     WHERE id = @id AND (last_used_at IS NULL OR last_used_at <= @threshold)`,
  );

  const recordUse = (id: string, now: Date, caller: string | undefined): void => {
    const ms = now.getTime();
    // Written within the interval by this process: skip the UPDATE (which would find nothing to do,
    // or wait on a busy store for nothing). Never written: -Infinity is never within it.
    if (ms - (lastWritten.get(id) ?? -Infinity) < LAST_USED_INTERVAL_MS) return;
    lastWritten.set(id, ms);
    try {
      // The WHERE clause coalesces across processes too (the CLI, the app and the local API).
      touch.run({
        id,
        at: now.toISOString(),
        // Labels come from whoever calls verify; one that would not pass as a key name (too
        // long, control or text-direction characters) is not kept, so lists stay readable.
        caller: caller !== undefined && nameErrors(caller).length === 0 ? caller : null,
        threshold: new Date(ms - LAST_USED_INTERVAL_MS).toISOString(),
      });
    } catch {
      // Bookkeeping only: a busy database must not turn a valid key into a rejected one.
    }
  };

  return {
    verify(presented, options) {
      const parsed = parseKey(presented);
      if (!parsed) return reject('malformed');
      const key = store.keys.verificationRow(parsed.id);
      if (!key) return reject('unknown');
      const now = clock.now();
      const refused = refusalOf(store, parsed, key, now);
      if (refused) return reject(refused);

      recordUse(parsed.id, now, options?.caller);
      return { ok: true, key: { api_key_id: parsed.id, account_id: key.account_id, scopes: store.keys.scopesOf(key.scope_set_id) } };
    },
  };
}
