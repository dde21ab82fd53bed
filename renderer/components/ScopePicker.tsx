/**
 * The advanced view: every scope one by one, grouped as the catalog groups them, including the
 * ones no category covers (SendGrid's own UI cannot grant those). Scopes SendGrid sets by itself
 * are listed, checked when the key has them, but cannot be picked.
 */
import { useId, useMemo, useState } from 'react';
import type { ScopeInfo } from '../../common/catalog.ts';
import type { PermissionDraft } from '../permissions/use-permission-draft.ts';
import { SearchIcon } from './icons.tsx';

interface Props {
  readonly scopes: readonly ScopeInfo[];
  readonly draft: PermissionDraft;
}

export function ScopePicker({ scopes, draft }: Props) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const byGroup = new Map<string, ScopeInfo[]>();
    for (const info of scopes) {
      if (needle && !info.scope.toLowerCase().includes(needle) && !info.group.toLowerCase().includes(needle)) continue;
      const list = byGroup.get(info.group) ?? [];
      list.push(info);
      byGroup.set(info.group, list);
    }
    return [...byGroup];
  }, [scopes, filter]);

  return (
    <div className="scope-picker">
      <div className="search-field search-field--small">
        <SearchIcon />
        <label htmlFor={filterId} className="visually-hidden">
          Find a scope
        </label>
        <input id={filterId} type="search" placeholder="Find a scope" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </div>
      <p className="muted small">{draft.scopes.size} scopes selected.</p>
      {groups.length === 0 && <p className="muted">No scope matches “{filter}”.</p>}
      {groups.map(([group, infos]) => (
        <fieldset key={group} className="scope-group">
          <legend>
            {group} <span className="muted">({infos.filter((info) => draft.scopes.has(info.scope)).length} of {infos.length})</span>
          </legend>
          <div className="scope-group__list">
            {infos.map((info) => (
              <label key={info.scope} className={`scope-option${info.assignable ? '' : ' scope-option--system'}`}>
                <input
                  type="checkbox"
                  checked={draft.scopes.has(info.scope)}
                  disabled={!info.assignable}
                  onChange={(event) => draft.toggle(info.scope, event.target.checked)}
                />
                <code>{info.scope}</code>
                {!info.assignable && <span className="muted small">set by SendGrid</span>}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
