/**
 * The permission engine: pure functions over the scope catalog. Category levels to scopes and
 * back, access types, and whether a set of scopes allows an action.
 */
import {
  CATEGORIES,
  CATEGORY_BY_ID,
  SCOPE_INDEX,
  type AccessType,
  type Category,
  type CategoryId,
  type CategoryLevel,
  type Level,
} from './catalog.ts';

export type Levels = Partial<Readonly<Record<CategoryId, Level>>>;
export type CategoryLevels = Readonly<Record<CategoryId, CategoryLevel>>;

// The catalog's billing category is the one definition of a billing scope: Billing Access is
// exactly its scopes, and no key mixes them with anything else.
const BILLING_CATEGORY = CATEGORIES.find((category) => category.billing === true)!;
const BILLING_UNIVERSE: ReadonlySet<string> = new Set([...(BILLING_CATEGORY.read ?? []), ...(BILLING_CATEGORY.full ?? [])]);

export function isSystemScope(scope: string): boolean {
  return SCOPE_INDEX.get(scope)?.assignable === false;
}

export function isBillingScope(scope: string): boolean {
  return BILLING_UNIVERSE.has(scope);
}

export function isKnownScope(scope: string): boolean {
  return SCOPE_INDEX.has(scope);
}

/** Sorted, without duplicates: the one form scopes are stored and compared in. */
export function normalizeScopes(scopes: Iterable<string>): string[] {
  const list = [...scopes];
  // Most lists arrive in this form already (the window, the store, a list made by this function):
  // each string after the one before, by the same UTF-16 order `sort` uses, means nothing to do.
  for (let i = 1; i < list.length; i++) {
    const before: unknown = list[i - 1];
    const scope: unknown = list[i];
    if (typeof before !== 'string' || typeof scope !== 'string' || !(before < scope)) return [...new Set(list)].sort();
  }
  return list;
}

const ASSIGNABLE = [...SCOPE_INDEX.values()].filter((s) => s.assignable).map((s) => s.scope);

/** Billing Access: every billing scope and nothing else. */
export const BILLING_SCOPES: readonly string[] = normalizeScopes(BILLING_CATEGORY.full!);

/**
 * Full Access: every assignable scope except billing, and (as SendGrid does) except Email
 * Address Validation, which is sold and granted separately.
 */
export const FULL_ACCESS_SCOPES: readonly string[] = normalizeScopes(
  ASSIGNABLE.filter((s) => !isBillingScope(s) && !s.startsWith('validations.email.')),
);

/** What an account owner holds: every scope that can be granted at all. Frozen, so its set is made once (below). */
export const OWNER_SCOPES: readonly string[] = Object.freeze(normalizeScopes(ASSIGNABLE));

function scopesAt(category: Category, level: Level): readonly string[] {
  if (level === 'none') return [];
  const scopes = level === 'read' ? category.read : category.full;
  if (!scopes || !category.levels.includes(level)) {
    throw new RangeError(`${category.name} offers no ${level} level`);
  }
  return scopes;
}

/** Whether a category offers a level (e.g. Email Activity has no Full Access). */
export function offersLevel(categoryId: CategoryId, level: Level): boolean {
  return CATEGORY_BY_ID.get(categoryId)?.levels.includes(level) ?? false;
}

/** The scopes a set of category levels grants. Categories left out are No Access. */
export function scopesForLevels(levels: Levels): string[] {
  const scopes: string[] = [];
  for (const [id, level] of Object.entries(levels) as [CategoryId, Level][]) {
    scopes.push(...scopesAt(CATEGORY_BY_ID.get(id)!, level));
  }
  return normalizeScopes(scopes);
}

const universeOf = (category: Category): ReadonlySet<string> =>
  new Set([...(category.read ?? []), ...(category.full ?? [])]);
const UNIVERSE: ReadonlyMap<CategoryId, ReadonlySet<string>> = new Map(
  CATEGORIES.map((c) => [c.id, universeOf(c)]),
);

function sameSet(a: ReadonlySet<string>, b: readonly string[]): boolean {
  return a.size === b.length && b.every((s) => a.has(s));
}

function matchLevel(category: Category, held: ReadonlySet<string>): CategoryLevel {
  if (held.size === 0) return 'none';
  if (category.full && sameSet(held, category.full)) return 'full';
  if (category.read && sameSet(held, category.read)) return 'read';
  return 'custom';
}

/**
 * What each category's slider shows for a key's scopes: `none`, `read`, `full`, or `custom` when
 * the key holds part of a category in a shape no level produces. SendGrid's own UI shows such
 * keys with a wrong level; we say so instead.
 *
 * A scope can sit in two categories (`user.webhooks.parse.stats.read` is both Inbound Parse and
 * Stats); where one category matches a level exactly, its scopes do not make the other custom.
 */
export function levelsOfScopes(scopes: Iterable<string>): CategoryLevels {
  const held = new Set(scopes);
  const heldIn = new Map<CategoryId, Set<string>>();
  const levels = {} as Record<CategoryId, CategoryLevel>;
  for (const category of CATEGORIES) {
    const mine = new Set([...UNIVERSE.get(category.id)!].filter((s) => held.has(s)));
    heldIn.set(category.id, mine);
    levels[category.id] = matchLevel(category, mine);
  }
  const explained = new Set<string>();
  for (const category of CATEGORIES) {
    const level = levels[category.id];
    if (level === 'read' || level === 'full') scopesAt(category, level).forEach((s) => explained.add(s));
  }
  for (const category of CATEGORIES) {
    if (levels[category.id] !== 'custom') continue;
    const unexplained = new Set([...heldIn.get(category.id)!].filter((s) => !explained.has(s)));
    levels[category.id] = matchLevel(category, unexplained);
  }
  return levels;
}

/**
 * `levelsOfScopes` remembered by scope set: keys mostly share a handful of scope sets, so across
 * thousands of keys (an export, the audit's charts) each set is worked out once. Stored scopes
 * are normalized (sorted), so equal sets share one entry.
 */
export function levelsCache(): (scopes: readonly string[]) => CategoryLevels {
  const known = new Map<string, CategoryLevels>();
  return (scopes) => {
    const id = scopes.join(' ');
    let levels = known.get(id);
    if (!levels) known.set(id, (levels = levelsOfScopes(scopes)));
    return levels;
  };
}

/**
 * Full when the key holds exactly the Full Access set, Billing when it holds billing scopes only,
 * Restricted otherwise. System scopes SendGrid adds on its own do not change the type.
 */
export function accessTypeOf(scopes: Iterable<string>): AccessType {
  const granted = normalizeScopes([...scopes].filter((s) => !isSystemScope(s)));
  if (granted.length > 0 && granted.every(isBillingScope)) return 'billing';
  if (granted.length === FULL_ACCESS_SCOPES.length && granted.every((s, i) => s === FULL_ACCESS_SCOPES[i])) {
    return 'full';
  }
  return 'restricted';
}

/** The scopes an access type grants, for the types that define one. */
export function scopesForAccessType(type: Exclude<AccessType, 'restricted'>): readonly string[] {
  return type === 'full' ? FULL_ACCESS_SCOPES : BILLING_SCOPES;
}

/** Whether a key holding `keyScopes` may perform an action needing `requiredScope`. */
export function authorize(keyScopes: Iterable<string>, requiredScope: string): boolean {
  for (const scope of keyScopes) if (scope === requiredScope) return true;
  return false;
}

/**
 * The set of a frozen scope array, made once: every create checks the grant against the owner's
 * 274 scopes (or a key's interned set, frozen too), and building that set was a tenth of it.
 */
const heldSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function heldSet(scopes: Iterable<string>): ReadonlySet<string> {
  // Only a frozen array is known by identity: one that can still change may not hold what it held.
  if (!Array.isArray(scopes) || !Object.isFrozen(scopes)) return new Set(scopes);
  const frozen = scopes as readonly string[];
  let held = heldSets.get(frozen);
  if (held === undefined) heldSets.set(frozen, (held = new Set(frozen)));
  return held;
}

/** The requested scopes the actor does not hold itself, sorted; empty when the grant is within bounds. */
export function grantExceedsActor(actorScopes: Iterable<string>, requested: Iterable<string>): string[] {
  const held = heldSet(actorScopes);
  return normalizeScopes([...requested].filter((s) => !held.has(s)));
}

/** True when billing and non-billing scopes are asked for together, which SendGrid never allows. */
export function mixesBilling(scopes: Iterable<string>): boolean {
  const granted = [...scopes].filter((s) => !isSystemScope(s));
  return granted.some(isBillingScope) && granted.some((s) => !isBillingScope(s));
}
