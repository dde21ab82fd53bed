/** Ticking keys for bulk actions: toggles, shift-click ranges from the anchor, select all matching. */
import { expect, it } from 'vitest';
import { createSelectionStore } from '../../../renderer/stores/selection-store.ts';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];
const ticked = (store: ReturnType<typeof createSelectionStore>) => order.filter((id) => store.getState().selected.has(id));

it('a click toggles one key and becomes the anchor; a shift-click ticks the range from the anchor, either way', () => {
  const store = createSelectionStore();
  store.getState().toggle('b');
  store.getState().extendTo('e', order);
  expect(ticked(store)).toEqual(['b', 'c', 'd', 'e']);
  // The anchor stays: a second shift-click re-draws the range from it, upwards this time.
  store.getState().toggle('f');
  store.getState().toggle('f');
  expect(store.getState().anchor).toBe('f');
  store.getState().extendTo('a', ['a', 'b', 'c', 'd', 'e', 'f']);
  expect(ticked(store)).toEqual([]);
});

it('a shift-click from an unticked anchor unticks the range, as file managers do', () => {
  const store = createSelectionStore();
  store.getState().setMany(order, true);
  store.getState().toggle('b');
  store.getState().extendTo('d', order);
  expect(ticked(store)).toEqual(['a', 'e', 'f']);
});

it('a range follows the order on screen, and without an anchor on screen a shift-click is a toggle', () => {
  const store = createSelectionStore();
  store.getState().toggle('a');
  store.getState().extendTo('c', ['c', 'b', 'a']);
  expect(ticked(store)).toEqual(['a', 'b', 'c']);
  store.getState().clear();
  store.getState().toggle('z');
  store.getState().extendTo('d', order);
  expect(ticked(store)).toEqual(['d']);
});

it('selects and unselects all matching, and clears', () => {
  const store = createSelectionStore();
  store.getState().setMany(['b', 'd'], true);
  store.getState().setMany(['a', 'b', 'c'], true);
  expect(ticked(store)).toEqual(['a', 'b', 'c', 'd']);
  store.getState().setMany(['c', 'd'], false);
  expect(ticked(store)).toEqual(['a', 'b']);
  const before = store.getState();
  store.getState().clear();
  expect(store.getState()).toMatchObject({ anchor: null });
  expect(ticked(store)).toEqual([]);
  const cleared = store.getState();
  store.getState().clear();
  expect(store.getState()).toBe(cleared);
  expect(before).not.toBe(cleared);
});
