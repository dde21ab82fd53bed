/**
 * Editing one category of a key's scopes (the renderer's permission form) against the real
 * permission engine: the changed category reads back at the chosen level, categories at an exact
 * level stay there, custom ones that share nothing with the change keep their exact scopes, and
 * scopes outside every category are never touched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SCOPE_INDEX, type Level } from '../../../common/catalog.ts';
import { levelsOfScopes, scopesForLevels } from '../../../common/permissions.ts';
import { replaceCategoryScopes, scopesInCategory, universeOf, withCategoryLevel } from '../../../renderer/permissions/scope-edits.ts';

const CATEGORIZED = [...new Set(CATEGORIES.flatMap((c) => [...universeOf(c)]))];
const OUTSIDE = [...SCOPE_INDEX.keys()].filter((scope) => !CATEGORIZED.includes(scope));
const inAnyCategory = (scope: string) => CATEGORIZED.includes(scope);
const sharesWith = (a: (typeof CATEGORIES)[number], b: (typeof CATEGORIES)[number]) => [...universeOf(a)].some((s) => universeOf(b).has(s));

/** A key's scopes: any mix of category scopes (often exact levels) and scopes outside categories. */
const heldScopes = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...CATEGORIES.map((c) => c.id)), fc.constantFrom<Level>('none', 'read', 'full')),
    fc.subarray(CATEGORIZED, { maxLength: 12 }),
    fc.subarray(OUTSIDE, { maxLength: 4 }),
  )
  .map(([levels, loose, outside]) => {
    const exact = Object.fromEntries(Object.entries(levels).filter(([id, level]) => CATEGORIES.find((c) => c.id === id)!.levels.includes(level)));
    return new Set([...scopesForLevels(exact), ...loose, ...outside]);
  });

const change = fc.constantFrom(...CATEGORIES).chain((category) => fc.record({ category: fc.constant(category), level: fc.constantFrom(...category.levels) }));

describe('changing one category of a key', () => {
  it('reads back at the chosen level, and leaves every other category as it was where nothing is shared', () => {
    fc.assert(
      fc.property(heldScopes, change, (held, { category, level }) => {
        const before = levelsOfScopes(held);
        const after = withCategoryLevel(CATEGORIES, held, before, category.id, level);
        const levels = levelsOfScopes(after);
        expect(levels[category.id]).toBe(level);
        for (const other of CATEGORIES) {
          if (other.id === category.id) continue;
          if (before[other.id] !== 'custom') expect(levels[other.id], other.id).toBe(before[other.id]);
          if (!sharesWith(other, category)) expect(scopesInCategory(after, other).sort()).toEqual(scopesInCategory(held, other).sort());
        }
        expect([...after].filter((s) => !inAnyCategory(s)).sort()).toEqual([...held].filter((s) => !inAnyCategory(s)).sort());
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a scope two categories share while the other one needs it (Inbound Parse and Stats)', () => {
    const held = new Set(scopesForLevels({ stats: 'read', inbound_parse: 'read' }));
    const after = withCategoryLevel(CATEGORIES, held, levelsOfScopes(held), 'inbound_parse', 'none');
    expect(after.has('user.webhooks.parse.stats.read')).toBe(true);
    expect(levelsOfScopes(after)).toMatchObject({ stats: 'read', inbound_parse: 'none' });
  });

  it('puts a custom category back exactly as it was', () => {
    const original = new Set(['mail.send', 'mail.batch.read', 'alerts.read']);
    const mailSend = CATEGORIES.find((c) => c.id === 'mail_send')!;
    const changed = withCategoryLevel(CATEGORIES, original, levelsOfScopes(original), 'mail_send', 'full');
    const restored = replaceCategoryScopes(CATEGORIES, changed, levelsOfScopes(changed), 'mail_send', scopesInCategory(original, mailSend));
    expect([...restored].sort()).toEqual([...original].sort());
  });
});
