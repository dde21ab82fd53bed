/**
 * The CLI's ways of choosing a key's access: `--full`, `--billing`, `--scopes a,b,...` and
 * `--level category=read` (repeatable; `--scopes` and `--level` combine). Bad flags are reported
 * by flag name, before anything is written.
 */
import { CATEGORIES, type CategoryId, type Level } from '../../common/catalog.ts';
import type { FieldError } from '../../common/errors.ts';
import { BILLING_SCOPES, FULL_ACCESS_SCOPES, normalizeScopes, offersLevel, scopesForLevels, type Levels } from '../../common/permissions.ts';
import { UsageError, usageError } from './usage-error.ts';

export interface GrantFlags {
  readonly full?: boolean;
  readonly billing?: boolean;
  readonly scopes?: string;
  readonly level?: readonly string[];
}

const LEVEL_WORDS: Readonly<Record<string, Level>> = { none: 'none', no: 'none', read: 'read', full: 'full' };
const slug = (text: string): string => text.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** A category by its ID (`mail_send`) or its name in any case (`"Mail Send"`, `mail-send`). */
export function findCategory(text: string): CategoryId | undefined {
  const wanted = slug(text);
  return CATEGORIES.find((c) => c.id === wanted || slug(c.name) === wanted)?.id;
}

function parseLevels(specs: readonly string[], errors: FieldError[]): Levels {
  const levels: Partial<Record<CategoryId, Level>> = {};
  for (const spec of specs) {
    const [categoryText = '', levelText = '', ...extra] = spec.split('=');
    const category = findCategory(categoryText);
    const level = LEVEL_WORDS[levelText.trim().toLowerCase()];
    if (extra.length || !category || !level) {
      const why = !category
        ? `unknown category "${categoryText}"; categories: ${CATEGORIES.map((c) => c.id).join(', ')}`
        : `expected CATEGORY=none|read|full, got "${spec}"`;
      errors.push({ field: '--level', message: why });
    } else if (!offersLevel(category, level)) {
      const { name, levels: offered } = CATEGORIES.find((c) => c.id === category)!;
      errors.push({ field: '--level', message: `${name} offers no ${level} level (levels: ${offered.join(', ')})` });
    } else {
      levels[category] = level;
    }
  }
  return levels;
}

/** The scopes the flags ask for, or undefined when none was given. */
export function scopesFromFlags(flags: GrantFlags): string[] | undefined {
  const chosen = [
    flags.full && '--full',
    flags.billing && '--billing',
    (flags.scopes !== undefined || flags.level?.length) && '--scopes/--level',
  ].filter(Boolean);
  if (chosen.length === 0) return undefined;
  if (chosen.length > 1) {
    throw usageError(String(chosen[0]), `choose one of ${chosen.join(', ')}`);
  }
  if (flags.full) return [...FULL_ACCESS_SCOPES];
  if (flags.billing) return [...BILLING_SCOPES];

  const errors: FieldError[] = [];
  const listed = (flags.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const levels = parseLevels(flags.level ?? [], errors);
  if (errors.length) throw new UsageError(errors);
  return normalizeScopes([...listed, ...scopesForLevels(levels)]);
}

/** Like `scopesFromFlags`, but one of the flags is required. */
export function requireScopesFromFlags(flags: GrantFlags): string[] {
  const scopes = scopesFromFlags(flags);
  if (!scopes) {
    throw usageError('scopes', 'choose the access: --full, --billing, --scopes a,b,... or --level category=read');
  }
  return scopes;
}
