/**
 * What changed between two inventories (a previous export and the store now, or two files):
 * keys added and removed, renamed, and the scopes each kept key gained or lost. Keys are matched
 * by API Key ID. Where either side does not know a key's scopes (SendGrid's list endpoint),
 * its scopes are not compared rather than reported as all gained or all lost.
 */
import { requireOperation, type Caller } from './caller.ts';
import type { InventoryEntry } from './inventory-file.ts';
import { knownScopes } from './inventory.ts';
import type { Store } from '../store/store.ts';
import type { Rename, InventoryDiff, ScopeChange } from '../../common/inventory.ts';

/** An inventory side as plain entries: what a file holds, or what the store holds now. */
export type InventorySide = readonly Pick<InventoryEntry, 'api_key_id' | 'name' | 'scopes'>[];

const byId = (a: { api_key_id: string }, b: { api_key_id: string }) => (a.api_key_id < b.api_key_id ? -1 : 1);

export function diffInventories(older: InventorySide, newer: InventorySide): InventoryDiff {
  const before = new Map(older.map((k) => [k.api_key_id, k]));
  const after = new Map(newer.map((k) => [k.api_key_id, k]));
  const added = newer.filter((k) => !before.has(k.api_key_id)).map(({ api_key_id, name }) => ({ api_key_id, name }));
  const removed = older.filter((k) => !after.has(k.api_key_id)).map(({ api_key_id, name }) => ({ api_key_id, name }));
  const renamed: Rename[] = [];
  const scopes: ScopeChange[] = [];
  for (const now of newer) {
    const then = before.get(now.api_key_id);
    if (!then) continue;
    if (then.name !== now.name) renamed.push({ api_key_id: now.api_key_id, from: then.name, to: now.name });
    if (then.scopes === null || now.scopes === null) continue;
    const had = new Set(then.scopes);
    const has = new Set(now.scopes);
    const gained = [...has].filter((s) => !had.has(s)).sort();
    const lost = [...had].filter((s) => !has.has(s)).sort();
    if (gained.length || lost.length) scopes.push({ api_key_id: now.api_key_id, name: now.name, gained, lost });
  }
  return { added: added.sort(byId), removed: removed.sort(byId), renamed: renamed.sort(byId), scopes: scopes.sort(byId) };
}

/** The caller's account as it stands, in the shape `diffInventories` takes. */
export function storeInventory(store: Store, caller: Caller): InventorySide {
  requireOperation(caller.actor, 'inventory.read');
  return store.keys.listLive(caller.account.id).map((key) => ({ api_key_id: key.api_key_id, name: key.name, scopes: knownScopes(key) }));
}

export const isEmptyDiff = (diff: InventoryDiff): boolean =>
  diff.added.length + diff.removed.length + diff.renamed.length + diff.scopes.length === 0;
