/** Lists found by their contents: the memo an import uses for the scope lists it repeats. */
import { describe, expect, it } from 'vitest';
import { StringListMap } from '../../../common/string-list-map.ts';

describe('StringListMap', () => {
  it('finds a value by the elements of a list, in order, whatever array holds them', () => {
    const map = new StringListMap<number>();
    expect(map.set(['mail.send', 'stats.read'], 1)).toBe(true);
    expect(map.set([], 0)).toBe(true);
    expect(map.get(['mail.send', 'stats.read'])).toBe(1);
    expect(map.get([])).toBe(0);
    expect(map.get(['stats.read', 'mail.send'])).toBeUndefined();
    expect(map.get(['mail.send'])).toBeUndefined();
    expect(map.get(['mail.send', 'stats.read', 'alerts.read'])).toBeUndefined();
    expect(map.get(['mail.send', 'stats.rea'])).toBeUndefined();
    // An element of another type never matches a string.
    expect(map.get(['mail.send', 7])).toBeUndefined();
    expect(map.get([undefined])).toBeUndefined();
  });

  it('keeps a copy: changing the array it was given changes nothing kept', () => {
    const map = new StringListMap<string>();
    const list = ['alerts.read', 'mail.send'];
    map.set(list, 'kept');
    list[1] = 'billing.read';
    expect(map.get(['alerts.read', 'mail.send'])).toBe('kept');
    expect(map.get(list)).toBeUndefined();
  });

  it('replaces the value of a list already kept', () => {
    const map = new StringListMap<string>({ perGroup: 1 });
    map.set(['a', 'b'], 'first');
    expect(map.set(['a', 'b'], 'second')).toBe(true);
    expect(map.get(['a', 'b'])).toBe('second');
  });

  it('declines lists beyond its bounds, so a lookup never compares with many', () => {
    const map = new StringListMap<number>({ perGroup: 2, maxLists: 3 });
    // Same length and first element: one group, of at most two.
    expect(map.set(['a', 'b'], 1)).toBe(true);
    expect(map.set(['a', 'c'], 2)).toBe(true);
    expect(map.set(['a', 'd'], 3)).toBe(false);
    expect(map.get(['a', 'd'])).toBeUndefined();
    expect(map.get(['a', 'c'])).toBe(2);
    // Another group, until the map holds three lists in all.
    expect(map.set(['b', 'a'], 4)).toBe(true);
    expect(map.set(['c'], 5)).toBe(false);
    expect(map.get(['c'])).toBeUndefined();
    expect(map.get(['b', 'a'])).toBe(4);
  });
});
