/**
 * The keys ticked in the list, by API Key ID, for bulk actions, with the anchor a shift-click
 * extends from (as in a file manager: the last row clicked without shift). The list decides what
 * a range covers (the rows as sorted and filtered on screen) and acts only on ticked keys it
 * shows, so a key hidden by the search is never acted on unseen.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

/** Keys an audit finding named, shown alone in the list until the user clears it. */
export interface ListFocus {
  /** What the keys are, e.g. "Unused keys". */
  readonly label: string;
  readonly ids: ReadonlySet<string>;
}

export interface SelectionState {
  readonly selected: ReadonlySet<string>;
  /** When set, the list shows only these keys (an audit finding's); null shows every key. */
  readonly focus: ListFocus | null;
  /** Where a shift-click range starts; null before the first click. */
  readonly anchor: string | null;
  /** Ticks or unticks one key, and makes it the anchor. */
  toggle(id: string): void;
  /**
   * Gives every key between the anchor and `id` in `order` (the rows on screen) the anchor's state,
   * as a shift-click does. Without an anchor on screen it is a toggle.
   */
  extendTo(id: string, order: readonly string[]): void;
  /** Ticks (or unticks) all of `ids`: "select all matching". */
  setMany(ids: readonly string[], selected: boolean): void;
  clear(): void;
  /** Shows exactly `ids` in the list, every one of them ticked: an audit finding, ready for a bulk action. */
  focusOn(label: string, ids: readonly string[]): void;
  /** Shows every key again; the ticks stay. */
  unfocus(): void;
}

export type SelectionStore = StoreApi<SelectionState>;

export function createSelectionStore(): SelectionStore {
  return createStore<SelectionState>()((set, get) => ({
    selected: new Set(),
    anchor: null,
    focus: null,

    toggle(id) {
      const selected = new Set(get().selected);
      if (!selected.delete(id)) selected.add(id);
      set({ selected, anchor: id });
    },

    extendTo(id, order) {
      const { anchor } = get();
      const from = anchor === null ? -1 : order.indexOf(anchor);
      const to = order.indexOf(id);
      if (from < 0 || to < 0) return get().toggle(id);
      const on = get().selected.has(anchor!);
      const selected = new Set(get().selected);
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        if (on) selected.add(order[i]!);
        else selected.delete(order[i]!);
      }
      set({ selected });
    },

    setMany(ids, on) {
      const selected = new Set(get().selected);
      for (const id of ids) {
        if (on) selected.add(id);
        else selected.delete(id);
      }
      set({ selected });
    },

    clear() {
      if (get().selected.size > 0 || get().anchor !== null) set({ selected: new Set(), anchor: null });
    },

    focusOn(label, ids) {
      set({ focus: { label, ids: new Set(ids) }, selected: new Set(ids), anchor: null });
    },

    unfocus() {
      if (get().focus !== null) set({ focus: null });
    },
  }));
}
