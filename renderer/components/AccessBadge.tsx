/**
 * A key's access type, with what it holds per category on hover or keyboard focus. The summary
 * comes from main (`keys:get` levels), so it says exactly what the edit form will show, including
 * "Custom" where SendGrid's own UI would show a wrong level.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { useState } from 'react';
import type { CategoryId, CategoryLevel } from '../../common/catalog.ts';
import type { KeyRecord } from '../../common/records.ts';
import { ACCESS_SHORT, LEVEL_LABEL } from '../keys/labels.ts';
import { universeOf } from '../permissions/scope-edits.ts';
import { useAccount, useApi, useCatalog } from '../app/stores-context.tsx';

type Summary =
  | { readonly id: string; readonly levels: Readonly<Record<CategoryId, CategoryLevel>>; readonly scopes: readonly string[] }
  | { readonly id: string; readonly failed: true };

export function AccessBadge({ apiKey }: { readonly apiKey: KeyRecord }) {
  const api = useApi();
  const account = useAccount((state) => state.current);
  // Both are tied to the key's ID: the row may be reused for another key when the list changes.
  const [openFor, setOpenFor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Summary | null>(null);
  const id = apiKey.api_key_id;
  const summary = loaded?.id === id ? loaded : null;

  function openChange(open: boolean) {
    setOpenFor(open ? id : null);
    if (!open || apiKey.access_type === 'full') return;
    void api.keys.get({ account, api_key_id: id }).then((result) => {
      setLoaded(result.ok ? { id, levels: result.data.levels, scopes: result.data.scopes } : { id, failed: true });
    });
  }

  return (
    <Tooltip.Root open={openFor === id} onOpenChange={openChange}>
      <Tooltip.Trigger asChild>
        <button type="button" className={`badge badge--${apiKey.access_type}`}>
          {ACCESS_SHORT[apiKey.access_type]}
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip access-summary" side="bottom" align="start" sideOffset={6}>
          {apiKey.access_type === 'full' ? (
            <p>Every permission except Billing and Email Address Validation.</p>
          ) : summary === null ? (
            <p>Loading permissions…</p>
          ) : 'failed' in summary ? (
            <p>Could not load this key's permissions.</p>
          ) : (
            <LevelList levels={summary.levels} scopes={summary.scopes} />
          )}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

function LevelList({ levels, scopes }: { readonly levels: Readonly<Record<CategoryId, CategoryLevel>>; readonly scopes: readonly string[] }) {
  const catalog = useCatalog((state) => state.catalog);
  const categories = catalog?.categories ?? [];
  const held = categories.filter((category) => levels[category.id] !== 'none');
  const systemScopes = new Set(catalog?.scopes.filter((s) => !s.assignable).map((s) => s.scope));
  const others = scopes.filter((scope) => !systemScopes.has(scope) && !categories.some((c) => universeOf(c).has(scope)));
  if (held.length === 0 && others.length === 0) return <p>No permissions.</p>;
  return (
    <dl className="level-list">
      {held.map((category) => (
        <div key={category.id} className="level-list__row">
          <dt>{category.name}</dt>
          <dd className={`level level--${levels[category.id]}`}>{LEVEL_LABEL[levels[category.id]].replace(' Access', '')}</dd>
        </div>
      ))}
      {others.length > 0 && (
        <div className="level-list__row">
          <dt>Other scopes</dt>
          <dd>{others.length}</dd>
        </div>
      )}
    </dl>
  );
}
