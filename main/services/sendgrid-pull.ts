/**
 * The pull: a live SendGrid account's keys, with their real scopes (and with `subusers`, every
 * subuser's, each into a child account named by its username), read into the store for offline
 * audit. The steps:
 *
 * 1. `GET /v3/scopes`: the key must hold `api_keys.read` (and `subusers.read` for subusers), or the
 *    pull stops there, saying which scope to add; anything it holds beyond what the pull needs is
 *    reported (least privilege is part of what an auditor checks).
 * 2. Every account's key list, then every key on its own (the list has no scopes), a few requests
 *    in flight at once (sendgrid-client.ts). Nothing is written while reading.
 * 3. One write transaction for everything read: keys new to the store are added as 'pulled'
 *    records (no secret: verify refuses them); names and scopes changed in SendGrid are updated;
 *    pulled keys SendGrid no longer lists are marked removed (tombstoned, as a deletion is), never
 *    dropped. Each of those is an audit entry with the pull as its actor, so the Activity log and
 *    `keydesk diff` show what changed in SendGrid between two pulls.
 *
 * A failure anywhere, or Cancel, leaves the store exactly as it was. A pull changes only what
 * SendGrid owns (name, scopes, presence): anything else recorded here about a key stays as it is.
 * The key used for pulling is held in memory for the pull and written nowhere.
 */
import { KeydeskError, type FieldError } from '../../common/errors.ts';
import type { KeyRef } from '../../common/inventory.ts';
import { parseKey } from '../../common/key-shape.ts';
import { isSystemScope, normalizeScopes, scopesForLevels } from '../../common/permissions.ts';
import { SENDGRID_API_URL, type PullAccountProgress, type PullPhase, type PulledAccount, type PulledChange, type PullProgress, type PullResult } from '../../common/pull.ts';
import type { AuditAction } from '../../common/records.ts';
import { auditedAccountState, type AccountRecord } from '../store/account-table.ts';
import type { NewAuditEntry } from '../store/audit-log.ts';
import { auditedState, type KeyRecord } from '../store/key-table.ts';
import type { Store } from '../store/store.ts';
import { auditEntry } from './audit-entry.ts';
import { requireOperation, systemClock, type Caller, type Clock } from './caller.ts';
import { canonicalScopes, type CanonicalScopes } from './inventory-import.ts';
import { currentAccount } from './key-access.ts';
import { readKey, readKeyIds, readKeyScopes, readSubusers, type RemoteKey } from './sendgrid-account.ts';
import { Cancelled, checkApiKey, checkBaseUrl, createSendGridClient, type ClientLimits, type SendGridClient } from './sendgrid-client.ts';

export { Cancelled } from './sendgrid-client.ts';

export interface PullOptions {
  readonly caller: Caller;
  /** The SendGrid API key to read with. Held for the pull, never stored. */
  readonly apiKey: string;
  /** Default https://api.sendgrid.com. */
  readonly baseUrl?: string;
  /** Also every subuser's keys, each into a child account of the caller's. */
  readonly subusers?: boolean;
  readonly clock?: Clock;
  /** Cancels the pull (Ctrl-C, the app's Cancel): it then rejects with `Cancelled`, nothing written. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PullProgress) => void;
  readonly limits?: Partial<ClientLimits>;
}

/** What a SendGrid UI key needs for this pull: API Keys at Read, and Subusers at Read with subusers. */
export function scopesNeeded(subusers: boolean): { readonly required: readonly string[]; readonly fitting: ReadonlySet<string> } {
  return {
    required: subusers ? ['api_keys.read', 'subusers.read'] : ['api_keys.read'],
    // What SendGrid's UI grants at those levels: holding them is no excess, since no narrower key can be made there.
    fitting: new Set(scopesForLevels(subusers ? { api_keys: 'read', subusers: 'read' } : { api_keys: 'read' })),
  };
}

/** A missing scope, in the words of SendGrid's UI (Settings → API Keys → Restricted Access). */
const WHERE_TO_ADD: Readonly<Record<string, string>> = {
  'api_keys.read': 'API Keys: Read Access',
  'subusers.read': 'Subusers: Read Access',
};

/**
 * A key as read, its scopes in their one stored form: keys holding the same set share one frozen
 * array, so the lists parsed from thousands of answers are dropped as soon as each is read rather
 * than held (and copied by the collector) until the write.
 */
type PulledKey = Pick<RemoteKey, 'api_key_id' | 'name'> & CanonicalScopes;

/** One account as read from SendGrid. */
interface RemoteAccount {
  /** null: the account the key belongs to (the caller's account here). */
  readonly subuser: string | null;
  readonly keys: readonly PulledKey[];
}

/**
 * Progress of the whole pull, reported at most every 100 ms (and at once when a state changes).
 * Each account's state is kept in one object changed in place, and copied only when reported: a
 * pull of thousands of keys counts each one.
 */
function progressReporter(report: PullOptions['onProgress']) {
  const accounts = new Map<string, { -readonly [K in keyof PullAccountProgress]: PullAccountProgress[K] }>();
  let phase: PullPhase = 'checking';
  let excess: readonly string[] | null = null;
  let last = 0;
  const emit = (force: boolean) => {
    if (!report) return;
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    report({ phase, accounts: [...accounts.values()].map((a) => ({ ...a })), excess_scopes: excess });
  };
  return {
    phase(next: PullPhase) {
      phase = next;
      emit(true);
    },
    excess(scopes: readonly string[]) {
      excess = scopes;
      emit(true);
    },
    account(name: string, change: Partial<PullAccountProgress>) {
      let current = accounts.get(name);
      if (!current) accounts.set(name, (current = { account: name, state: 'waiting', done: 0, total: null }));
      const stateChanged = (change.state ?? current.state) !== current.state;
      Object.assign(current, change);
      emit(stateChanged);
    },
    /** One more of the account's keys read: counted in place, thousands of times a pull. */
    keyRead(name: string) {
      const current = accounts.get(name)!;
      current.done += 1;
      const finished = current.done === current.total;
      if (finished) current.state = 'read';
      emit(finished);
    },
  };
}

/**
 * `read` for every item, at most `runners` at a time, each begun only when a runner is free; the
 * results in the items' order. A failure is handed to `failed` (which stops the others), nothing
 * more is begun after it, and the reads under way are awaited, so nothing is still in flight when
 * the failure is reported.
 *
 * Begun only when a runner is free: a pull has thousands of keys to read, and a read begun at once
 * would wait in the client's queue with its whole chain of calls, long enough for the collector to
 * copy it and mark it again and again.
 */
async function allOrNothing<I, T>(
  items: readonly I[],
  read: (item: I) => Promise<T>,
  failed: (error: unknown) => void,
  runners = items.length,
): Promise<T[]> {
  const results = new Array<T>(items.length);
  let next = 0;
  let failure = null as { readonly error: unknown } | null;
  const runner = async () => {
    // Stryker disable next-line ConditionalExpression: the client sends nothing once stopped, so reads begun after a failure fail at once instead
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await read(items[i]!);
      } catch (error) {
        failure ??= { error };
        failed(error);
      }
    }
  };
  await Promise.all(Array.from({ length: runners }, runner));
  if (failure) throw failure.error;
  return results;
}

/** Reads every account: the caller's, then each subuser's with `on-behalf-of`. */
async function readAccounts(
  client: SendGridClient,
  subusers: readonly string[],
  names: { readonly own: string },
  progress: ReturnType<typeof progressReporter>,
  abort: (error: unknown) => void,
): Promise<RemoteAccount[]> {
  const targets = [{ subuser: null, label: names.own }, ...subusers.map((s) => ({ subuser: s, label: s }))];
  const canonical = canonicalScopes();
  targets.forEach((t) => progress.account(t.label, {}));
  return allOrNothing(
    targets,
    async ({ subuser, label }): Promise<RemoteAccount> => {
      progress.account(label, { state: 'listing' });
      const ids = await readKeyIds(client, subuser);
      progress.account(label, { state: ids.length ? 'reading' : 'read', total: ids.length });
      const keys = await allOrNothing(
        ids,
        async (id) => {
          const key = await readKey(client, id, subuser);
          progress.keyRead(label);
          return key && { api_key_id: key.api_key_id, name: key.name, ...canonical(key.scopes) };
        },
        abort,
        // No more of an account's reads begun than the client sends at once.
        client.concurrency,
      );
      return { subuser, keys: keys.filter((k) => k !== null) };
    },
    abort,
  );
}

const ref = (key: Pick<KeyRecord, 'api_key_id' | 'name'>): KeyRef => ({ api_key_id: key.api_key_id, name: key.name });
const sameScopes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** Pulls the account; resolves to what changed, or rejects leaving the store as it was. */
export async function pullFromSendGrid(store: Store, options: PullOptions): Promise<PullResult> {
  const { caller } = options;
  const subusers = options.subusers === true;
  requireOperation(caller.actor, 'inventory.pull');
  // Subusers become accounts of their own: managing accounts is the owner's.
  if (subusers) requireOperation(caller.actor, 'accounts.manage');
  if (subusers && caller.account.parent_id !== null) {
    throw new KeydeskError('CONFLICT', [{ field: 'subusers', message: `"${caller.account.name}" is a subuser; a subuser has no subusers to pull` }]);
  }
  const baseUrl = checkBaseUrl(options.baseUrl ?? SENDGRID_API_URL);
  const apiKey = checkApiKey(options.apiKey);
  const clock = options.clock ?? systemClock;
  const progress = progressReporter(options.onProgress);

  // Our own stop, so one failed request also stops the others; the caller's signal feeds it.
  const internal = new AbortController();
  const userCancel = options.signal;
  const onCancel = () => internal.abort();
  if (userCancel?.aborted) throw new Cancelled();
  userCancel?.addEventListener('abort', onCancel, { once: true });
  const client = createSendGridClient({ baseUrl, apiKey, limits: options.limits ?? {}, signal: internal.signal });
  // The first real failure stops every other request; the ones it stops fail as Cancelled, and
  // may surface first (another account's reads), so the real one is kept here.
  let firstFailure: unknown = null;
  const abort = (error: unknown) => {
    if (firstFailure !== null || error instanceof Cancelled) return;
    firstFailure = error;
    internal.abort();
  };

  let remote: RemoteAccount[];
  let keyScopes: readonly string[];
  let excess: string[];
  try {
    progress.phase('checking');
    keyScopes = await readKeyScopes(client);
    const { required, fitting } = scopesNeeded(subusers);
    const missing = required.filter((s) => !keyScopes.includes(s));
    if (missing.length) {
      throw new KeydeskError('FORBIDDEN', [
        {
          field: 'api_key',
          message:
            `the key lacks ${missing.join(' and ')}, which the pull needs: in SendGrid (Settings → API Keys), ` +
            `edit the key or make one with Restricted Access and ${missing.map((s) => WHERE_TO_ADD[s]).join(' and ')}`,
        },
      ]);
    }
    excess = normalizeScopes(keyScopes.filter((s) => !fitting.has(s) && !isSystemScope(s)));
    progress.excess(excess);
    const subuserNames = subusers ? await readSubusers(client) : [];
    progress.phase('reading');
    remote = await readAccounts(client, subuserNames, { own: caller.account.name }, progress, abort);
  } catch (error) {
    // Cancel wins: whatever the requests it cut short say, they failed because of it.
    if (userCancel?.aborted) throw new Cancelled();
    throw withNothingWritten(firstFailure ?? error);
  } finally {
    userCancel?.removeEventListener('abort', onCancel);
  }

  progress.phase('writing');
  const keyId = parseKey(apiKey)?.id ?? null;
  const accounts = store.write(() =>
    writePull(store, { caller, clock, remote, subusers, keyId, summary: { base_url: baseUrl, key_id: keyId } }),
  );
  return {
    base_url: baseUrl,
    pulled_at: accounts.at,
    key_id: keyId,
    key_scopes: normalizeScopes(keyScopes),
    excess_scopes: excess,
    accounts: accounts.summaries,
    requests: client.stats.requests,
    retries: client.stats.retries,
  };
}

/** A failure while reading, with the assurance that matters: the store was not touched. */
function withNothingWritten(error: unknown): KeydeskError {
  const known =
    error instanceof KeydeskError ? error : new KeydeskError('UNAVAILABLE', [{ field: null, message: 'the pull failed while reading from SendGrid' }]);
  return new KeydeskError(known.code, [...known.errors, { field: null, message: 'nothing was written: the store is as it was before the pull' }]);
}

interface WriteInput {
  readonly caller: Caller;
  readonly clock: Clock;
  readonly remote: readonly RemoteAccount[];
  readonly subusers: boolean;
  readonly keyId: string | null;
  readonly summary: { readonly base_url: string; readonly key_id: string | null };
}

/** The store's side of the pull, inside one write transaction: every refusal found before anything is written. */
function writePull(store: Store, input: WriteInput): { at: string; summaries: PulledAccount[] } {
  const { caller, remote } = input;
  const at = input.clock.now().toISOString();
  const parent = currentAccount(store, caller);
  const pullActor = input.keyId ? `pull:${input.keyId}` : 'pull';
  const entries: NewAuditEntry[] = [];
  const log = (action: AuditAction, accountId: number, keyId: string | null, before: object | null, after: object | null, byPull = true) =>
    entries.push(auditEntry(caller, at, { action, account_id: accountId, key_id: keyId, before, after, ...(byPull ? { actor: pullActor } : {}) }));

  // ---- Checks: nothing is written until every account and key is known to fit.
  const refusals: FieldError[] = [];
  const existingAccounts = new Map<string | null, AccountRecord | undefined>([[null, parent]]);
  for (const { subuser } of remote) {
    if (subuser === null) continue;
    const found = store.accounts.byName(subuser) ?? store.accounts.byNameAnyCase(subuser);
    if (found && (found.parent_id !== parent.id || found.name !== subuser)) {
      refusals.push({
        field: 'subusers',
        message: `subuser "${subuser}" would go into account "${found.name}", which is not a subuser of "${parent.name}" here: rename that account first`,
      });
    }
    existingAccounts.set(subuser, found);
  }
  // Every pulled key's record here, if it has one, in one statement: the checks and the writes use it.
  const known = store.keys.findMany(remote.flatMap((account) => account.keys.map((key) => key.api_key_id)));
  const seen = new Map<string, string>();
  for (const account of remote) {
    const target = existingAccounts.get(account.subuser);
    const label = account.subuser ?? parent.name;
    for (const key of account.keys) {
      const twice = seen.get(key.api_key_id);
      if (twice !== undefined) {
        refusals.push({ field: 'api_key_id', message: `API Key ID ${key.api_key_id} is listed in both "${twice}" and "${label}"` });
      }
      seen.set(key.api_key_id, label);
      const existing = known.get(key.api_key_id);
      if (!existing) continue;
      if (!target || existing.account_id !== target.id) {
        const owner = store.accounts.byId(existing.account_id)?.name ?? String(existing.account_id);
        refusals.push({ field: 'api_key_id', message: `API Key ID ${key.api_key_id} (from "${label}") already belongs to account "${owner}" here` });
      } else if (existing.origin === 'issued') {
        refusals.push({ field: 'api_key_id', message: `API Key ID ${key.api_key_id} was issued by this store; a pull does not overwrite it` });
      }
    }
  }
  if (refusals.length) throw new KeydeskError('CONFLICT', [...refusals.slice(0, 10), { field: null, message: 'nothing was written: the store is as it was before the pull' }]);

  // ---- Writes.
  const pulled: { readonly accountId: number; readonly summary: PulledAccount }[] = [];
  for (const account of remote) {
    let target = existingAccounts.get(account.subuser);
    const created = !target;
    if (!target) {
      target = store.accounts.insert(account.subuser!, parent.id, at);
      log('account.create', target.id, null, null, auditedAccountState(target));
    }
    const keys = applyKeys(store, { account: target, created, known }, account.keys, at, log);
    pulled.push({ accountId: target.id, summary: { account: target.name, subuser: account.subuser, created, gone_from_sendgrid: false, ...keys } });
  }
  // Subuser accounts SendGrid no longer lists: what was pulled into them is gone from SendGrid too.
  if (input.subusers) {
    for (const child of store.accounts.children(parent.id)) {
      if (pulled.some((p) => p.accountId === child.id)) continue;
      const keys = applyKeys(store, { account: child, created: false, known }, [], at, log);
      if (keys.removed.length) pulled.push({ accountId: child.id, summary: { account: child.name, subuser: child.name, created: false, gone_from_sendgrid: true, ...keys } });
    }
  }
  for (const { accountId, summary: s } of pulled) {
    log('inventory.pull', accountId, null, null, {
      ...input.summary,
      subuser: s.subuser,
      added: s.added.length,
      changed: s.changed.length,
      removed: s.removed.length,
      unchanged: s.unchanged,
    }, false);
  }
  store.audit.appendMany(entries);
  return { at, summaries: pulled.map((p) => p.summary) };
}

type Log = (action: AuditAction, accountId: number, keyId: string | null, before: object | null, after: object | null) => void;

/** Where an account's keys go: the account, whether this pull made it, and the pulled keys' records before the pull. */
interface Target {
  readonly account: AccountRecord;
  readonly created: boolean;
  readonly known: ReadonlyMap<string, KeyRecord>;
}

/** One account's keys brought in line with SendGrid's: added, changed, removed; nothing else touched. */
function applyKeys(store: Store, { account, created, known }: Target, remoteKeys: readonly PulledKey[], at: string, log: Log) {
  const added: KeyRef[] = [];
  const changed: PulledChange[] = [];
  const removed: KeyRef[] = [];
  let unchanged = 0;
  const present = new Set<string>();
  for (const key of remoteKeys) {
    present.add(key.api_key_id);
    const { scopes, access_type } = key;
    const existing = known.get(key.api_key_id);
    if (!existing) {
      const record: KeyRecord = {
        api_key_id: key.api_key_id, account_id: account.id, name: key.name, access_type, scopes, origin: 'pulled', last4: null,
        created_at: at, updated_at: at, last_used_at: null, last_used_by: null, expires_at: null, disabled_at: null, deleted_at: null,
      };
      store.keys.insert(record);
      log('key.pull', account.id, key.api_key_id, null, auditedState(record));
      added.push(ref(record));
      continue;
    }
    const after: KeyRecord = { ...existing, name: key.name, scopes, access_type, origin: 'pulled', deleted_at: null };
    if (existing.deleted_at !== null) {
      // Marked removed by an earlier pull (or deleted here), and SendGrid lists it again: it is back.
      store.keys.update(key.api_key_id, { name: key.name, scopes, access_type, origin: 'pulled', deleted_at: null, updated_at: at });
      log('key.pull', account.id, key.api_key_id, null, auditedState(after));
      added.push(ref(after));
      continue;
    }
    const renamed = existing.name !== key.name;
    const rescoped = !sameScopes(existing.scopes, scopes);
    if (!renamed && !rescoped && existing.origin === 'pulled') {
      unchanged += 1;
      continue;
    }
    store.keys.update(key.api_key_id, { name: key.name, scopes, access_type, origin: 'pulled', ...(renamed || rescoped ? { updated_at: at } : {}) });
    log('key.pull.update', account.id, key.api_key_id, auditedState(existing), auditedState(after));
    if (renamed || rescoped) {
      const had = new Set(existing.scopes);
      const has = new Set(scopes);
      changed.push({
        ...ref(after),
        renamed: renamed ? { from: existing.name, to: key.name } : null,
        gained: scopes.filter((s) => !had.has(s)),
        lost: existing.scopes.filter((s) => !has.has(s)),
      });
    } else {
      // Imported from a file earlier, and SendGrid says the same: the record now says where it comes from.
      unchanged += 1;
    }
  }
  // An account made by this pull holds only what it just added, all of it present.
  // Stryker disable next-line ConditionalExpression: reading the new account's keys finds the same nothing to remove
  for (const key of created ? [] : store.keys.listLive(account.id)) {
    if (key.origin !== 'pulled' || present.has(key.api_key_id)) continue;
    store.keys.markDeleted(key.api_key_id, at);
    log('key.pull.remove', account.id, key.api_key_id, auditedState(key), null);
    removed.push(ref(key));
  }
  return { added, changed, removed, unchanged };
}
