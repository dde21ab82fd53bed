/**
 * The numbers behind the audit page's charts: how an account's keys split by access type, how
 * old they are, and which permission categories they hold at Full. Pure: the same records and
 * time give the same figures, so the charts and their tests agree.
 */
import type { AccessType, CategoryId } from '../../common/catalog.ts';
import { CATEGORIES } from '../../common/catalog.ts';
import { DAY_MS } from '../../common/durations.ts';
import { levelsCache } from '../../common/permissions.ts';
import type { KeyRecord } from '../../common/records.ts';
import type { KeyStatistics } from '../../common/audit.ts';

/**
 * Age bucket bounds in days: a month, a quarter (SendGrid-style unused-key reviews), half a year,
 * and a year (the default maximum key age).
 */
export const AGE_BOUNDS: readonly number[] = [30, 90, 180, 365];

const FULL_CATEGORIES = CATEGORIES.filter((category) => category.full !== undefined);

export function keyStatistics(keys: readonly KeyRecord[], now: Date): KeyStatistics {
  const byAccess: Record<AccessType, number> = { full: 0, restricted: 0, billing: 0 };
  const ageCounts = new Array<number>(AGE_BOUNDS.length + 1).fill(0);
  const fullCounts = new Map<CategoryId, number>(FULL_CATEGORIES.map((category) => [category.id, 0]));
  const levelsOf = levelsCache();

  for (const key of keys) {
    byAccess[key.access_type] += 1;
    const days = Math.floor((now.getTime() - Date.parse(key.created_at)) / DAY_MS);
    const bucket = AGE_BOUNDS.findIndex((bound) => days < bound);
    ageCounts[bucket === -1 ? AGE_BOUNDS.length : bucket]! += 1;
    const levels = levelsOf(key.scopes);
    for (const category of FULL_CATEGORIES) {
      if (levels[category.id] === 'full') fullCounts.set(category.id, fullCounts.get(category.id)! + 1);
    }
  }

  const byAge = ageCounts.map((count, i) => ({
    min_days: i === 0 ? 0 : AGE_BOUNDS[i - 1]!,
    max_days: AGE_BOUNDS[i] ?? null,
    keys: count,
  }));
  // A stable sort keeps the catalog's order among categories held by as many keys.
  const fullByCategory = FULL_CATEGORIES.map((category) => ({ category: category.id, name: category.name, keys: fullCounts.get(category.id)! })).sort(
    (a, b) => b.keys - a.keys,
  );
  return { total: keys.length, by_access_type: byAccess, by_age: byAge, full_by_category: fullByCategory };
}
