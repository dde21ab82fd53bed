/**
 * The key list as `keys:list` sends it: one array per field rather than one object per key, and
 * each scope set once. 100,000 keys then cross IPC as a dozen arrays instead of 100,000 objects of
 * fourteen fields each, and the window rebuilds the records it shows in one loop. Fields with a few
 * values are numbers, and the last four characters one string: parsing JSON, a short string costs
 * a lookup in the engine's table of short strings, 100,000 unique ones a third of the parse.
 */
import type { AccessType } from './catalog.ts';
import type { KeyOrigin, KeyRecord } from './records.ts';

/** `access_type` as `KeyColumns` numbers it. */
export const ACCESS_TYPES = ['full', 'restricted', 'billing'] as const satisfies readonly AccessType[];
/** `origin` as `KeyColumns` numbers it. */
export const KEY_ORIGINS = ['issued', 'imported', 'pulled'] as const satisfies readonly KeyOrigin[];
// Every value has its number: a new access type or origin does not build until it is listed above.
const everyAccessType: Exclude<AccessType, (typeof ACCESS_TYPES)[number]> extends never ? true : never = true;
const everyOrigin: Exclude<KeyOrigin, (typeof KEY_ORIGINS)[number]> extends never ? true : never = true;
void everyAccessType;
void everyOrigin;

/** What `last4` holds for a key without them (imported keys): a value no key's characters take. */
export const NO_LAST4 = '....';

export interface KeyColumns {
  /** The account every key in the list belongs to. */
  readonly account_id: number;
  /** The scope sets the keys hold, by set id (as text: JSON's object keys are strings). */
  readonly scope_sets: Readonly<Record<string, readonly string[]>>;
  readonly api_key_id: readonly string[];
  readonly name: readonly string[];
  /** Each key's access type, by its place in `ACCESS_TYPES`. */
  readonly access_type: readonly number[];
  /** Each key's scope set, a key of `scope_sets`. */
  readonly scope_set: readonly number[];
  /** Each key's origin, by its place in `KEY_ORIGINS`. */
  readonly origin: readonly number[];
  /** Four characters per key, in list order; `NO_LAST4` for none. */
  readonly last4: string;
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
  const last4Of = (i: number) => {
    const chars = list.last4.slice(4 * i, 4 * i + 4);
    return chars === NO_LAST4 ? null : chars;
  };
  for (let i = 0; i < records.length; i++) {
    records[i] = {
      api_key_id: at(list.api_key_id, i),
      account_id: list.account_id,
      name: at(list.name, i),
      access_type: ACCESS_TYPES[at(list.access_type, i)]!,
      scopes: scopesOf(at(list.scope_set, i)),
      origin: KEY_ORIGINS[at(list.origin, i)]!,
      last4: last4Of(i),
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
