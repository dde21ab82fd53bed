/**
 * What the key being edited holds, in one line above the matrix: each category with access and
 * its level, and the scopes outside every category. The whole picture without scrolling through
 * nineteen categories, including what SendGrid's own UI would not show.
 */
import type { Category, ScopeInfo } from '../../common/catalog.ts';
import { LEVEL_LABEL } from '../keys/labels.ts';
import { universeOf } from '../permissions/scope-edits.ts';
import type { PermissionDraft } from '../permissions/use-permission-draft.ts';

interface Props {
  readonly categories: readonly Category[];
  readonly scopes: readonly ScopeInfo[];
  readonly draft: PermissionDraft;
}

export function PermissionSummary({ categories, scopes, draft }: Props) {
  const held = categories.filter((category) => (draft.levels[category.id] ?? 'none') !== 'none');
  const system = new Set(scopes.filter((info) => !info.assignable).map((info) => info.scope));
  const outside = [...draft.scopes].filter((scope) => !system.has(scope) && !categories.some((c) => universeOf(c).has(scope))).sort();
  if (held.length === 0 && outside.length === 0) return <p className="summary muted">No permissions chosen yet.</p>;
  return (
    <ul className="summary" aria-label="Chosen permissions">
      {held.map((category) => {
        const level = draft.levels[category.id] ?? 'none';
        return (
          <li key={category.id} className={`chip chip--${level}`}>
            {category.name} · {LEVEL_LABEL[level].replace(' Access', '')}
          </li>
        );
      })}
      {outside.map((scope) => (
        <li key={scope} className="chip chip--scope">
          <code>{scope}</code>
        </li>
      ))}
    </ul>
  );
}
