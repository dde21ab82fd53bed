/**
 * The advanced view: every scope one by one, grouped by category as the catalog groups them,
 * including the ones no category covers (SendGrid's own UI cannot grant those). Each group has a
 * tri-state toggle (all, some, none of what can be picked) and its count. Scopes SendGrid sets by
 * itself are listed, checked when the key has them, but cannot be picked. `filter` narrows the
 * list to scopes or groups containing it.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ScopeInfo } from '../../common/catalog.ts';
import type { PermissionDraft } from '../permissions/use-permission-draft.ts';

interface Props {
  readonly scopes: readonly ScopeInfo[];
  readonly draft: PermissionDraft;
  /** Text typed in the permission filter; empty shows every scope. */
  readonly filter: string;
}

export function ScopePicker({ scopes, draft, filter }: Props) {
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
      <p className="muted small">{draft.scopes.size} scopes selected.</p>
      {groups.length === 0 && <p className="muted">No scope matches “{filter}”.</p>}
      {groups.map(([group, infos]) => (
        <ScopeGroup key={group} group={group} infos={infos} draft={draft} />
      ))}
    </div>
  );
}

function ScopeGroup({ group, infos, draft }: { readonly group: string; readonly infos: readonly ScopeInfo[]; readonly draft: PermissionDraft }) {
  const pickable = infos.filter((info) => info.assignable).map((info) => info.scope);
  const held = infos.filter((info) => draft.scopes.has(info.scope)).length;
  const heldPickable = pickable.filter((scope) => draft.scopes.has(scope)).length;
  const all = pickable.length > 0 && heldPickable === pickable.length;
  const toggleRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (toggleRef.current) toggleRef.current.indeterminate = heldPickable > 0 && !all;
  }, [heldPickable, all]);

  return (
    <fieldset className="scope-group">
      <legend>
        {pickable.length > 0 ? (
          <label className="scope-group__toggle">
            <input
              ref={toggleRef}
              type="checkbox"
              checked={all}
              aria-checked={heldPickable > 0 && !all ? 'mixed' : all}
              aria-label={`All of ${group}`}
              onChange={() => draft.toggleMany(pickable, !all)}
            />
            {group}
          </label>
        ) : (
          group
        )}{' '}
        <span className="muted">
          ({held} of {infos.length})
        </span>
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
  );
}
