/**
 * A map keyed by the contents of a list of strings, found by comparing elements. An inventory of
 * 100,000 keys repeats a handful of scope lists: comparing a key's list with the few seen costs
 * about a third of joining it into one text to look up, and a fifth of checking each scope again.
 *
 * Lists are grouped by length and first element, and a group holds at most `perGroup` lists, so
 * a file of many lists alike in both never makes a lookup slow: `set` then declines (returns
 * false) and the caller does without. Lists are kept as frozen copies: a caller changing its
 * array afterwards changes nothing here.
 */
interface Entry<T> {
  readonly list: readonly string[];
  readonly value: T;
}

const sameList = (kept: readonly string[], list: readonly unknown[]): boolean => {
  if (kept.length !== list.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== list[i]) return false;
  return true;
};

export class StringListMap<T> {
  readonly #groups = new Map<number, Map<unknown, Entry<T>[]>>();
  readonly #perGroup: number;
  readonly #maxLists: number;
  #lists = 0;

  constructor({ perGroup = 8, maxLists = 1024 }: { readonly perGroup?: number; readonly maxLists?: number } = {}) {
    this.#perGroup = perGroup;
    this.#maxLists = maxLists;
  }

  /** The value kept for a list with these elements, in this order; any array may be asked about. */
  get(list: readonly unknown[]): T | undefined {
    const group = this.#groups.get(list.length)?.get(list[0]);
    if (group === undefined) return undefined;
    for (const entry of group) if (sameList(entry.list, list)) return entry.value;
    return undefined;
  }

  /** Keeps `value` for the list's contents; false when it is not kept (its group or the map is full). */
  set(list: readonly string[], value: T): boolean {
    let byFirst = this.#groups.get(list.length);
    if (byFirst === undefined) this.#groups.set(list.length, (byFirst = new Map()));
    let group = byFirst.get(list[0]);
    if (group === undefined) byFirst.set(list[0], (group = []));
    const existing = group.findIndex((entry) => sameList(entry.list, list));
    if (existing >= 0) {
      group[existing] = { list: group[existing]!.list, value };
      return true;
    }
    if (group.length >= this.#perGroup || this.#lists >= this.#maxLists) return false;
    group.push({ list: Object.freeze([...list]), value });
    this.#lists += 1;
    return true;
  }
}
