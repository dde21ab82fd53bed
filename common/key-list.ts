/**
 * The key list as `keys:list` sends it: one array per field rather than one object per key, and
 * each scope set once. 100,000 keys then cross IPC as twelve arrays of strings instead of 100,000
 * objects of fourteen fields each, and the window rebuilds the records it shows in one loop.
 */
import type { AccessType } from './catalog.ts';
import type { KeyOrigin, KeyRecord } from './records.ts';

export interface KeyColumns {
  /** The account every key in the list belongs to. */
  readonly account_id: number;
  /** The scope sets the keys hold, by set id (as text: JSON's object keys are strings). */
  readonly scope_sets: Readonly<Record<string, readonly string[]>>;
  readonly api_key_id: readonly string[];
  readonly name: readonly string[];
  readonly access_type: readonly AccessType[];
  /** Each key's scope set, a key of `scope_sets`. */
  readonly scope_set: readonly number[];
  readonly origin: readonly KeyOrigin[];
  readonly last4: readonly (string | null)[];
  readonly created_at: readonly string[];
  readonly updated_at: readonly string[];
  readonly last_used_at: readonly (string | null)[];
  readonly last_used_by: readonly (string | null)[];
  readonly expires_at: readonly (string | null)[];
  readonly disabled_at: readonly (string | null)[];
}

/** The records the columns hold, in their order (live keys: none is deleted). Keys of one set share its array. */
export function keyRecordsOf(list: KeyColumns): KeyRecord[] {
  const records = new Array<KeyRecord>(list.api_key_id.length);
  const sets = new Map<number, readonly string[]>();
  const scopesOf = (id: number) => {
    let scopes = sets.get(id);
    if (scopes === undefined) {
      scopes = Object.freeze([...(list.scope_sets[String(id)] ?? [])]);
      sets.set(id, scopes);
    }
    return scopes;
  };
  const at = <T>(column: readonly T[], i: number) => column[i] as T;
  for (let i = 0; i < records.length; i++) {
    records[i] = {
      api_key_id: at(list.api_key_id, i),
      account_id: list.account_id,
      name: at(list.name, i),
      access_type: at(list.access_type, i),
      scopes: scopesOf(at(list.scope_set, i)),
      origin: at(list.origin, i),
      last4: at(list.last4, i),
      created_at: at(list.created_at, i),
      updated_at: at(list.updated_at, i),
      last_used_at: at(list.last_used_at, i),
      last_used_by: at(list.last_used_by, i),
      expires_at: at(list.expires_at, i),
      disabled_at: at(list.disabled_at, i),
      deleted_at: null,
    };
  }
  return records;
}
