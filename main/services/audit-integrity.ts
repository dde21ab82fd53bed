/**
 * Is the store what its audit log says it is? Checks read in one snapshot:
 *
 * - the hash chain (`AuditLog.verifyChain`): no row edited, removed, reordered or cut from the end;
 * - the seal (`AuditLog.checkSeal`): no row added, or rewritten and rechained, by anyone without
 *   the store's seal key; said to be unchecked where the key is not on this machine;
 * - a witnessed head, when one is given (audit-witness.ts): history up to it is what was witnessed;
 * - the replay: every key and account entry carries the state after the change (`auditedState`,
 *   `auditedAccountState`); replaying them in order gives the state each key and account must
 *   have now. A key whose scopes, status, name or secret were changed directly in SQLite, or a
 *   row the log never recorded, differs from it, even when the chain itself is whole (the last
 *   row deleted, or the tables edited and the log left alone).
 *
 * What is compared: a key's name, access type, scopes, origin, expiry, disabled or not, account,
 * deletion, and which secrets it accepts (by their short ids, where the log recorded them);
 * an account's name, parent and key-lifetime policy. Usage (last used) and timestamps are facts,
 * not changes, and are not compared.
 */
import { secretId } from '../core/key-format.ts';
import type { AuditEntry } from '../../common/records.ts';
import { auditedAccountState, DEFAULT_ACCOUNT, type AuditedAccountState } from '../store/account-table.ts';
import type { AuditedKeyState } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import type { StateDifference, AuditIntegrity, ReplayCheck } from '../../common/audit.ts';
import { checkWitness, type Witnessed } from './audit-witness.ts';

export const MAX_REPORTED_DIFFERENCES = 50;

/** A short id the log recorded, or undefined where it did not record one (keys made before it did). */
type Known<T> = T | undefined;

interface KeyExpectation {
  readonly seq: number;
  readonly accountId: number;
  /** null: deleted. */
  readonly state: AuditedKeyState | null;
  /** The current secret's short id; null for a key with no secret here (imported). */
  readonly secretId: Known<string | null>;
  /** The rolled-away secret the key still holds (at most one), or null for none. */
  readonly retired: Known<{ readonly secret_id: unknown; readonly retires_at: unknown } | null>;
}

interface AccountExpectation {
  readonly seq: number | null;
  /** null: deleted. */
  readonly state: AuditedAccountState | null;
}

interface KeyRow {
  readonly id: string;
  readonly account_id: number;
  readonly name: string;
  readonly access_type: string;
  /** The scope set's JSON as stored now, or null when the set is missing. */
  readonly scopes_json: string | null;
  readonly origin: string;
  readonly digest: Buffer | null;
  readonly expires_at: string | null;
  readonly disabled_at: string | null;
  readonly deleted_at: string | null;
}

/** A snapshot's members; one that is no object (none, or text written by hand) has none. */
const membersOf = (value: unknown): Record<string, unknown> => Object(value) as Record<string, unknown>;

/** The audited state within a snapshot (a roll's snapshot also carries secret ids), or null for none. */
function keyState(value: unknown): AuditedKeyState | null {
  const { name, access_type, scopes, origin, expires_at, disabled } = membersOf(value);
  return Array.isArray(scopes) ? ({ name, access_type, scopes, origin, expires_at, disabled } as AuditedKeyState) : null;
}

function accountState(value: unknown): AuditedAccountState | null {
  const members = membersOf(value);
  const { name, parent_id, max_key_lifetime_days } = members;
  return Object.hasOwn(members, 'parent_id') ? ({ name, parent_id, max_key_lifetime_days } as AuditedAccountState) : null;
}

/** A value as JSON, for messages: JSON escapes control characters; this also escapes the invisible ones that reorder text. */
const text = (value: unknown): string =>
  JSON.stringify(value)?.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) ?? 'undefined';

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The account every store is made with, id 1, before there is a log to record it. */
const FIRST_ACCOUNT_ID = 1;

/** Replays the log's key and account entries, oldest first. */
function replay(entries: readonly AuditEntry[]) {
  const keys = new Map<string, KeyExpectation>();
  const accounts = new Map<number, AccountExpectation>([
    [FIRST_ACCOUNT_ID, { seq: null, state: { name: DEFAULT_ACCOUNT, parent_id: null, max_key_lifetime_days: null } }],
  ]);
  for (const entry of entries) {
    if (entry.key_id !== null) {
      const state = keyState(entry.after);
      if (entry.after !== null && state === null) continue; // not a key snapshot
      const after = membersOf(entry.after);
      const previous = keys.get(entry.key_id);
      let current = previous?.secretId;
      let retired = previous?.retired;
      // What a deleted key was expected to hold is never read: a deleted key must hold nothing.
      if (entry.action === 'key.import' || entry.action === 'key.pull') {
        // Imported and pulled keys never had a secret here.
        current = null;
        retired = null;
      } else if (entry.action === 'key.create') {
        // Undefined in a snapshot from before the log recorded secret ids: then it is not compared.
        current = after.secret_id as Known<string>;
      } else if (entry.action === 'key.roll') {
        current = after.secret_id as Known<string>;
        const previousId = after.previous_secret_id;
        retired = typeof previousId === 'string' ? { secret_id: previousId, retires_at: after.previous_secret_retires_at } : null;
      }
      keys.set(entry.key_id, { seq: entry.seq, accountId: entry.account_id, state, secretId: current, retired });
    } else if (entry.action.startsWith('account.')) {
      const state = accountState(entry.after);
      if (entry.after !== null && state === null) continue; // not an account snapshot
      accounts.set(entry.account_id, { seq: entry.seq, state });
    }
  }
  return { keys, accounts };
}

/** Compares the tables with the replay; returns every difference, in table order. */
function compare(store: Store, entries: readonly AuditEntry[]): { differences: StateDifference[]; keys: number; accounts: number } {
  const db = store.db;
  const accountRows = store.accounts.list();
  const expected = replay(entries);
  const differences: StateDifference[] = [];
  const differ = (d: Omit<StateDifference, 'message'>, message: string) => differences.push({ ...d, message });

  // ---- Accounts.
  const seenAccounts = new Set<number>();
  for (const row of accountRows) {
    seenAccounts.add(row.id);
    const id = String(row.id);
    const exp = expected.accounts.get(row.id);
    const actual = auditedAccountState(row);
    if (!exp) {
      differ({ kind: 'account', id, field: null, expected: null, actual, seq: null }, `account ${id} is in the accounts table, but the audit log never recorded it`);
      continue;
    }
    if (exp.state === null) {
      differ({ kind: 'account', id, field: null, expected: null, actual, seq: exp.seq }, `account ${id} was deleted (audit row ${exp.seq}), but is still in the accounts table`);
      continue;
    }
    for (const field of ['name', 'parent_id', 'max_key_lifetime_days'] as const) {
      if (!sameValue(exp.state[field], actual[field])) {
        differ(
          { kind: 'account', id, field, expected: exp.state[field], actual: actual[field], seq: exp.seq },
          `account ${id}: ${field} is ${text(actual[field])}, but the audit log says ${text(exp.state[field])}${exp.seq === null ? '' : ` (row ${exp.seq})`}`,
        );
      }
    }
  }
  for (const [accountId, exp] of expected.accounts) {
    if (exp.state !== null && !seenAccounts.has(accountId)) {
      differ(
        { kind: 'account', id: String(accountId), field: null, expected: exp.state, actual: null, seq: exp.seq },
        `account ${accountId} is missing from the accounts table, but the audit log never recorded its deletion`,
      );
    }
  }

  // ---- Keys, tombstones included.
  const rows = db
    .prepare<[], KeyRow>(
      // Scope sets are read as stored, not through the connection's cache of them: the check is
      // about what the file holds now, whoever changed it.
      `SELECT k.id, k.account_id, k.name, k.access_type, s.scopes AS scopes_json, k.origin, k.digest, k.expires_at, k.disabled_at, k.deleted_at
       FROM keys k LEFT JOIN scope_sets s ON s.id = k.scope_set_id ORDER BY k.id`,
    )
    .all();
  const retiredOf = db.prepare<[string], { digest: Buffer; retires_at: string }>('SELECT digest, retires_at FROM retired_secrets WHERE key_id = ?');
  const seenKeys = new Set<string>();
  for (const row of rows) {
    seenKeys.add(row.id);
    const id = row.id;
    const exp = expected.keys.get(id);
    const retired = retiredOf.all(id);
    const keyDiff = (field: string | null, expectedValue: unknown, actualValue: unknown, message: string) =>
      differ({ kind: 'key', id, field, expected: expectedValue, actual: actualValue, seq: exp?.seq ?? null }, `key ${id}: ${message}`);
    if (!exp) {
      keyDiff(null, null, { name: row.name }, 'it is in the keys table, but the audit log never recorded it');
      continue;
    }
    const where = `(row ${exp.seq})`;
    if (row.account_id !== exp.accountId) {
      keyDiff('account_id', exp.accountId, row.account_id, `it belongs to account ${row.account_id}, but the audit log says account ${exp.accountId} ${where}`);
    }
    if (exp.state === null) {
      if (row.deleted_at === null) keyDiff('deleted', true, false, `it was deleted ${where}, but is live in the keys table`);
      if (row.digest !== null || retired.length > 0) keyDiff('secret', null, 'a secret', `it was deleted ${where}, but still holds a secret`);
      continue;
    }
    if (row.deleted_at !== null) {
      keyDiff('deleted', false, true, `it is deleted in the keys table, but the audit log never recorded its deletion`);
      continue;
    }
    let scopes: unknown;
    try {
      // A missing set (null) parses as null.
      scopes = JSON.parse(row.scopes_json as string);
    } catch {
      scopes = row.scopes_json; // not JSON: compared as the text it is
    }
    const actual: Record<string, unknown> = {
      name: row.name,
      access_type: row.access_type,
      scopes,
      origin: row.origin,
      expires_at: row.expires_at,
      disabled: row.disabled_at !== null,
    };
    for (const field of ['name', 'access_type', 'scopes', 'origin', 'expires_at', 'disabled'] as const) {
      const want = exp.state[field];
      if (!sameValue(want, actual[field])) {
        keyDiff(field, want, actual[field], `${field} is ${describe(actual[field], want)}, but the audit log says ${text(want)} ${where}`);
      }
    }
    // Secrets: the current one and at most one rolled-away one, exactly as the log last recorded.
    if (exp.secretId !== undefined) {
      const actualId = row.digest === null ? null : secretId(row.digest);
      if (actualId !== exp.secretId) {
        keyDiff('secret', exp.secretId, actualId, `its secret is ${actualId === null ? 'missing' : `${actualId}`}, but the audit log says ${exp.secretId ?? 'none'} ${where}`);
      }
    }
    const allowed = exp.retired;
    for (const secret of retired) {
      const sid = secretId(secret.digest);
      if (!allowed || allowed.secret_id !== sid || allowed.retires_at !== secret.retires_at) {
        keyDiff('retired_secret', allowed ?? null, { secret_id: sid, retires_at: secret.retires_at }, `it accepts a rolled secret ${sid} until ${secret.retires_at} that the audit log never recorded`);
      }
    }
  }
  for (const [id, exp] of expected.keys) {
    if (seenKeys.has(id)) continue;
    const accountGone = expected.accounts.get(exp.accountId)?.state === null;
    if (exp.state === null && accountGone) continue; // deleted with its account: no row remains
    const message =
      exp.state === null
        ? `its deletion record (tombstone) is missing from the keys table (deleted at row ${exp.seq})`
        : `it is missing from the keys table, but the audit log never recorded its deletion (row ${exp.seq})`;
    differ({ kind: 'key', id, field: null, expected: exp.state, actual: null, seq: exp.seq }, `key ${id}: ${message}`);
  }
  return { differences, keys: rows.length, accounts: accountRows.length };
}

/**
 * Scopes as a change (`+billing.read −mail.send`), anything else as its value. Only scopes are
 * lists, and the log's are always one: an entry without one records no key state.
 */
function describe(actual: unknown, expected: unknown): string {
  if (!Array.isArray(actual)) return text(actual);
  const had = new Set(expected as string[]);
  const has = new Set(actual as string[]);
  const added = [...has].filter((s) => !had.has(s)).map((s) => `+${s}`);
  const removed = [...had].filter((s) => !has.has(s)).map((s) => `−${s}`);
  return `${text(actual)} (${[...added, ...removed].join(' ') || 'reordered'})`;
}

/**
 * Checks the chain, its seal and, if given, a witnessed head, and replays the log against the
 * tables, all in one read snapshot.
 */
export function checkAuditIntegrity(store: Store, witnessed?: Witnessed): AuditIntegrity {
  return store.db.transaction((): AuditIntegrity => {
    const chain = store.audit.verifyChain();
    const seal = store.audit.checkSeal();
    const head = store.audit.head();
    const entries = store.audit.list();
    const { differences, keys, accounts } = compare(store, entries);
    const replayCheck: ReplayCheck = differences.length
      ? { consistent: false, keys, accounts, differences: differences.slice(0, MAX_REPORTED_DIFFERENCES), total: differences.length }
      : { consistent: true, keys, accounts };
    const witness = witnessed && checkWitness(store, witnessed, { chain, seal, head, entries });
    return {
      intact: chain.intact && seal.status !== 'broken' && replayCheck.consistent && witness?.holds !== false,
      rows: chain.rows,
      head_hash: store.audit.headHash(),
      head,
      chain,
      seal,
      replay: replayCheck,
      ...(witness && { witness }),
    };
  })();
}
