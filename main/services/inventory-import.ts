/**
 * Import of key records from SendGrid's API output or a Keydesk export, into one account. The
 * keys live elsewhere: they get no secret here (verify refuses them), and SendGrid's 100-key
 * limit, which governs the keys Keydesk issues, does not cap them. The file is checked whole
 * first, then applied in one transaction: all of it or none of it. Keys are matched by API Key
 * ID, so importing the same file again changes nothing; changed names and scopes are updated,
 * each change audit-logged.
 */
import { KeydeskError, type FieldError } from '../../common/errors.ts';
import { accessTypeOf, normalizeScopes } from '../../common/permissions.ts';
import { StringListMap } from '../../common/string-list-map.ts';
import { auditedState, type KeyRecord } from '../store/key-table.ts';
import type { NewAuditEntry } from '../store/audit-log.ts';
import type { Store } from '../store/store.ts';
import { requireOperation, systemClock, type Caller, type Clock } from './caller.ts';
import { readInventoryFile, type InventoryEntry, type InventoryFile } from './inventory-file.ts';
import { throttledProgress, type Progress } from './progress.ts';
import type { KeyRef } from '../../common/inventory.ts';
import type { ImportResult } from '../../common/inventory.ts';
import { auditEntry } from './audit-entry.ts';
import type { AuditAction } from '../../common/records.ts';

export interface ImportOptions {
  readonly caller: Caller;
  readonly clock?: Clock;
  readonly onProgress?: Progress;
}

const ref = (key: Pick<KeyRecord, 'api_key_id' | 'name'>): KeyRef => ({ api_key_id: key.api_key_id, name: key.name });

const sameScopes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/** A scope set as the store keeps it: sorted, deduplicated, frozen, with its access type. */
export interface CanonicalScopes {
  readonly scopes: readonly string[];
  readonly access_type: KeyRecord['access_type'];
}

/**
 * Canonical scope sets by content. An inventory repeats a handful of scope sets across thousands
 * of keys: each distinct list is sorted and typed once, and every key holding it shares one
 * frozen array, which the store then interns without serialising it again. A list is found by
 * comparing it with those seen; one the comparison cannot keep (too many lists alike in length
 * and first scope) is found by its text instead.
 */
export function canonicalScopes(): (scopes: readonly string[]) => CanonicalScopes {
  const byContent = new StringListMap<CanonicalScopes>();
  const byText = new Map<string, CanonicalScopes>();
  return (scopes) => {
    let canonical = byContent.get(scopes);
    if (canonical) return canonical;
    // Scope strings never hold a line break (the file reader checks their shape).
    const text = scopes.join('\n');
    canonical = byText.get(text);
    if (!canonical) {
      const sorted = Object.freeze(normalizeScopes(scopes));
      canonical = { scopes: sorted, access_type: accessTypeOf(sorted) };
      byText.set(text, canonical);
    }
    byContent.set(scopes, canonical);
    return canonical;
  };
}

/** What the key's record should say after the import, given what it says now (if anything). */
function desiredRecord(
  entry: InventoryEntry,
  accountId: number,
  existing: KeyRecord | undefined,
  now: string,
  canonical: (scopes: readonly string[]) => CanonicalScopes,
): KeyRecord {
  // A file without scopes says nothing about them: keep what is on record.
  const { scopes, access_type } = canonical(entry.scopes ?? existing?.scopes ?? []);
  const exported = entry.exported;
  const base: KeyRecord = existing ?? {
    api_key_id: entry.api_key_id,
    account_id: accountId,
    name: entry.name,
    access_type,
    scopes,
    origin: 'imported',
    last4: null,
    created_at: exported?.created_at ?? now,
    updated_at: exported?.updated_at ?? now,
    last_used_at: null,
    last_used_by: null,
    expires_at: null,
    disabled_at: null,
    deleted_at: null,
  };
  const configured: KeyRecord = { ...base, name: entry.name, scopes, access_type };
  if (!exported) return configured;
  const laterUse =
    exported.last_used_at !== null && (base.last_used_at === null || exported.last_used_at > base.last_used_at);
  return {
    ...configured,
    last4: exported.last4 ?? base.last4,
    last_used_at: laterUse ? exported.last_used_at : base.last_used_at,
    expires_at: exported.expires_at,
    disabled_at: exported.status === 'disabled' ? (base.disabled_at ?? now) : null,
  };
}

const configChanged = (before: KeyRecord, after: KeyRecord): boolean => {
  const a = auditedState(before);
  const b = auditedState(after);
  return (
    a.name !== b.name || !sameScopes(a.scopes, b.scopes) || a.expires_at !== b.expires_at || a.disabled !== b.disabled
  );
};

/** Applies a checked inventory to the caller's account in one transaction. */
export function importInventory(store: Store, file: InventoryFile, options: ImportOptions): ImportResult {
  const { caller } = options;
  requireOperation(caller.actor, 'inventory.import');
  const clock = options.clock ?? systemClock;
  const accountId = caller.account.id;

  return store.write(() => {
    const now = clock.now().toISOString();
    const entryFor = (action: AuditAction, keyId: string | null, before: object | null, after: object | null): NewAuditEntry =>
      auditEntry(caller, now, { action, key_id: keyId, before, after });

    // Every refusal is found before anything is written, so the error can list them all.
    const canonical = canonicalScopes();
    const known = store.keys.findMany(file.entries.map((entry) => entry.api_key_id));
    const plans = file.entries.map((entry) => {
      const existing = known.get(entry.api_key_id);
      return { entry, existing, desired: desiredRecord(entry, accountId, existing, now, canonical) };
    });
    const refusals: FieldError[] = [];
    for (const { entry, existing, desired } of plans) {
      if (!existing) continue;
      if (existing.account_id !== accountId) {
        const owner = store.accounts.byId(existing.account_id)?.name ?? String(existing.account_id);
        refusals.push({ field: 'api_key_id', message: `API Key ID ${entry.api_key_id} already belongs to account "${owner}"` });
      } else if (existing.origin === 'issued' && existing.deleted_at === null && configChanged(existing, desired)) {
        refusals.push({
          field: 'api_key_id',
          message: `API Key ID ${entry.api_key_id} was issued by this store: change it with "keydesk keys update", not by import`,
        });
      }
    }
    if (refusals.length) throw new KeydeskError('CONFLICT', refusals.slice(0, 10));

    const step = throttledProgress(plans.length, options.onProgress);
    // Audit entries are appended after every key row is in: writing the two tables in turn made
    // SQLite spill and rewrite the same key pages again and again (3x the time on 100,000 keys).
    const entries: NewAuditEntry[] = [];
    const added: KeyRef[] = [];
    const updated: KeyRef[] = [];
    const skipped: KeyRef[] = [];
    let unchanged = 0;
    for (const [i, { entry, existing, desired }] of plans.entries()) {
      if (!existing) {
        store.keys.insert(desired);
        entries.push(entryFor('key.import', desired.api_key_id, null, auditedState(desired)));
        added.push(ref(desired));
      } else if (existing.deleted_at !== null) {
        skipped.push(ref(desired));
      } else if (existing.origin === 'issued') {
        unchanged += 1;
      } else if (configChanged(existing, desired)) {
        const { name, scopes, access_type, expires_at, disabled_at, last4, last_used_at } = desired;
        // A Keydesk export knows when the key changed at its source; SendGrid's output does not.
        const updated_at = entry.exported?.updated_at ?? now;
        store.keys.update(existing.api_key_id, { name, scopes, access_type, expires_at, disabled_at, last4, last_used_at, updated_at });
        entries.push(entryFor('key.import.update', existing.api_key_id, auditedState(existing), auditedState(desired)));
        updated.push(ref(desired));
      } else {
        // Usage and display data may still be newer in the file; they are facts, not configuration.
        const { last4, last_used_at } = desired;
        if (last4 !== existing.last4 || last_used_at !== existing.last_used_at) {
          store.keys.update(existing.api_key_id, { last4, last_used_at });
        }
        unchanged += 1;
      }
      step(i + 1);
    }
    if (added.length || updated.length) {
      entries.push(entryFor('inventory.import', null, null, { format: file.format, sha256: file.sha256, added: added.length, updated: updated.length }));
    }
    store.audit.appendMany(entries);
    const withoutScopes = plans
      .filter(({ existing, desired }) => (!existing || existing.deleted_at === null) && desired.scopes.length === 0)
      .map(({ desired }) => ref(desired));
    return {
      format: file.format,
      account: caller.account.name,
      sha256: file.sha256,
      added,
      updated,
      unchanged,
      skipped_deleted: skipped,
      without_scopes: withoutScopes,
    };
  });
}

/** Reads, checks and imports a file; nothing is written unless the whole file is acceptable. */
export async function importInventoryFile(store: Store, path: string, options: ImportOptions): Promise<ImportResult> {
  requireOperation(options.caller.actor, 'inventory.import');
  return importInventory(store, await readInventoryFile(path), options);
}
