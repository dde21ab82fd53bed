/**
 * One row per category: its name, description and "Includes" items, and its levels in fixed
 * columns (No, Read, Full, then Custom), so a column read down the page always means one level. A
 * level a category lacks (Email Activity and Stats have no Full, Marketing Campaigns no Read)
 * leaves its cell empty. A key whose scopes match no level shows "Custom" with what it holds;
 * picking "Custom" again puts those scopes back. `filter` narrows the rows to categories whose
 * name, description, includes or scopes contain it.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import { useMemo } from 'react';
import type { Category, CategoryLevel, Level } from '../../common/catalog.ts';
import { LEVEL_LABEL } from '../keys/labels.ts';
import { scopesInCategory, universeOf } from '../permissions/scope-edits.ts';
import type { PermissionDraft } from '../permissions/use-permission-draft.ts';

interface Props {
  readonly categories: readonly Category[];
  readonly draft: PermissionDraft;
  /** Levels not offered here (Billing Access has no "No Access"). */
  readonly hideLevels?: readonly Level[];
  /** Text typed in the permission filter; empty shows every category. */
  readonly filter?: string;
}

/** Whether a category matches the filter text (already lower-cased and trimmed). */
export function categoryMatches(category: Category, needle: string): boolean {
  if (needle === '') return true;
  const text = [category.name, category.description, ...category.includes, ...universeOf(category)].join('\n').toLowerCase();
  return text.includes(needle);
}

export function PermissionMatrix({ categories, draft, hideLevels = [], filter = '' }: Props) {
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(() => categories.filter((category) => categoryMatches(category, needle)), [categories, needle]);
  const columns = (['none', 'read', 'full'] as const).filter((level) => !hideLevels.includes(level));
  return (
    <div className="matrix">
      <div className="matrix__row matrix__row--head" aria-hidden="true">
        <span />
        <span className="matrix__columns">
          {columns.map((level) => (
            <span key={level} className="matrix__column-label" data-level={level}>
              {LEVEL_LABEL[level].replace(' Access', '')}
            </span>
          ))}
        </span>
      </div>
      {shown.map((category) => (
        <CategoryRow key={category.id} category={category} draft={draft} hideLevels={hideLevels} />
      ))}
      {shown.length === 0 && <p className="muted matrix__empty">No category matches “{filter}”.</p>}
    </div>
  );
}

function CategoryRow({ category, draft, hideLevels }: { readonly category: Category; readonly draft: PermissionDraft; readonly hideLevels: readonly Level[] }) {
  const level: CategoryLevel = draft.levels[category.id] ?? 'none';
  const wasCustom = draft.originalLevels[category.id] === 'custom';
  const showCustom = level === 'custom' || wasCustom;
  const labelId = `category-${category.id}`;
  const held = level === 'custom' ? scopesInCategory(draft.scopes, category) : [];

  return (
    <div className="matrix__row" data-category={category.id}>
      <div className="matrix__text">
        <h4 id={labelId} className="matrix__name">
          {category.name}
        </h4>
        <p className="matrix__description">{category.description}</p>
        {category.includes.length > 0 && <p className="matrix__includes">Includes: {category.includes.join(', ')}</p>}
        {held.length > 0 && (
          <p className="matrix__custom">
            Custom: holds <code>{held.join(', ')}</code>. Kept exactly as is unless you change this category.
          </p>
        )}
      </div>
      <RadioGroup.Root
        className="matrix__columns"
        aria-labelledby={labelId}
        value={level}
        orientation="horizontal"
        onValueChange={(value) => (value === 'custom' ? draft.restore(category.id) : draft.setLevel(category.id, value as Level))}
      >
        {category.levels
          .filter((offered) => !hideLevels.includes(offered))
          .map((offered) => (
            <RadioGroup.Item key={offered} value={offered} className="level-cell" data-level={offered}>
              {LEVEL_LABEL[offered]}
            </RadioGroup.Item>
          ))}
        {showCustom && (
          <RadioGroup.Item value="custom" className="level-cell level-cell--custom" data-level="custom">
            {LEVEL_LABEL.custom}
          </RadioGroup.Item>
        )}
      </RadioGroup.Root>
    </div>
  );
}
