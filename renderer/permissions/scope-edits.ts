/**
 * Editing a key's scopes one category at a time, over the catalog main sends (`scopes:catalog`).
 * The scope set is the truth; a category's level is read back from it by main (`scopes:levels`).
 * Changing one category touches only that category's scopes, so a key that holds an unusual
 * ("custom") mix elsewhere keeps exactly what it has there.
 */
import type { Category, CategoryId, CategoryLevel, Level } from '../../common/catalog.ts';

export type CategoryLevels = Readonly<Partial<Record<CategoryId, CategoryLevel>>>;

const universes = new WeakMap<Category, ReadonlySet<string>>();

/** Every scope any level of the category grants. */
export function universeOf(category: Category): ReadonlySet<string> {
  let universe = universes.get(category);
  if (!universe) {
    universe = new Set([...(category.read ?? []), ...(category.full ?? [])]);
    universes.set(category, universe);
  }
  return universe;
}

/** The scopes a level of the category grants (none for No Access). */
export function scopesAtLevel(category: Category, level: Level): readonly string[] {
  if (level === 'none') return [];
  return (level === 'read' ? category.read : category.full) ?? [];
}

/** The scopes of `held` that fall in the category. */
export function scopesInCategory(held: Iterable<string>, category: Category): string[] {
  const universe = universeOf(category);
  return [...held].filter((scope) => universe.has(scope));
}

/**
 * `held` with the category's scopes replaced by `next`. A scope two categories share (Inbound
 * Parse and Stats both cover `user.webhooks.parse.stats.read`) stays while another category sits
 * at an exact level that needs it, so lowering one category never lowers its neighbour.
 */
export function replaceCategoryScopes(
  categories: readonly Category[],
  held: ReadonlySet<string>,
  levels: CategoryLevels,
  id: CategoryId,
  next: Iterable<string>,
): Set<string> {
  const category = categories.find((c) => c.id === id);
  if (!category) throw new RangeError(`unknown category ${id}`);
  const universe = universeOf(category);
  const result = new Set([...held].filter((scope) => !universe.has(scope)));
  for (const scope of next) result.add(scope);
  for (const other of categories) {
    const level = levels[other.id];
    if (other.id === id || (level !== 'read' && level !== 'full')) continue;
    for (const scope of scopesAtLevel(other, level)) if (universe.has(scope)) result.add(scope);
  }
  return result;
}

/** `held` with the category at `level`. */
export function withCategoryLevel(
  categories: readonly Category[],
  held: ReadonlySet<string>,
  levels: CategoryLevels,
  id: CategoryId,
  level: Level,
): Set<string> {
  const category = categories.find((c) => c.id === id);
  if (!category) throw new RangeError(`unknown category ${id}`);
  return replaceCategoryScopes(categories, held, levels, id, scopesAtLevel(category, level));
}

/** Whether two scope sets hold the same scopes. */
export function sameScopes(a: ReadonlySet<string>, b: Iterable<string>): boolean {
  const other = new Set(b);
  return a.size === other.size && [...a].every((scope) => other.has(scope));
}
