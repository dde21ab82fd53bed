/**
 * One row per category: its name, description and "Includes" items, and only the levels it offers
 * (Email Activity and Stats have no Full, Marketing Campaigns no Read). A key whose scopes match no
 * level shows "Custom" with what it holds; picking "Custom" again puts those scopes back.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import type { Category, CategoryLevel, Level } from '../../common/catalog.ts';
import { LEVEL_LABEL } from '../keys/labels.ts';
import { scopesInCategory } from '../permissions/scope-edits.ts';
import type { PermissionDraft } from '../permissions/use-permission-draft.ts';

interface Props {
  readonly categories: readonly Category[];
  readonly draft: PermissionDraft;
  /** Levels not offered here (Billing Access has no "No Access"). */
  readonly hideLevels?: readonly Level[];
}

export function PermissionMatrix({ categories, draft, hideLevels = [] }: Props) {
  return (
    <div className="matrix">
      {categories.map((category) => (
        <CategoryRow key={category.id} category={category} draft={draft} hideLevels={hideLevels} />
      ))}
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
        className="segmented"
        aria-labelledby={labelId}
        value={level}
        orientation="horizontal"
        onValueChange={(value) => (value === 'custom' ? draft.restore(category.id) : draft.setLevel(category.id, value as Level))}
      >
        {category.levels
          .filter((offered) => !hideLevels.includes(offered))
          .map((offered) => (
            <RadioGroup.Item key={offered} value={offered} className="segmented__item">
              {LEVEL_LABEL[offered]}
            </RadioGroup.Item>
          ))}
        {showCustom && (
          <RadioGroup.Item value="custom" className="segmented__item segmented__item--custom">
            {LEVEL_LABEL.custom}
          </RadioGroup.Item>
        )}
      </RadioGroup.Root>
    </div>
  );
}
