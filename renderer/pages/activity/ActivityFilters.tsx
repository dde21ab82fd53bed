/**
 * Filters of the activity log: key, action and days. A pasted key is cut down to its API Key ID
 * at once (its secret never stays in the box); a half-typed ID filters nothing yet.
 */
import { memo, useEffect, useState } from 'react';
import { isKeyId, keyIdInText } from '../../../common/key-shape.ts';
import type { KeyRecord } from '../../../common/records.ts';
import { useActivity } from '../../app/stores-context.tsx';
import { isFiltered, NO_FILTER } from '../../audit/activity-filter.ts';
import { ACTION_LABEL } from '../../audit/labels.ts';

/** The API Key ID the box holds, or '' while it holds anything else. */
const keyIdTyped = (text: string): string => (isKeyId(text.trim()) ? text.trim() : '');

/** Above this many keys a suggestion list costs more than it helps. */
const MAX_SUGGESTED_KEYS = 1000;

export const ActivityFilters = memo(function ActivityFilters({ keys }: { readonly keys: readonly KeyRecord[] }) {
  const filter = useActivity((state) => state.filter);
  const setFilter = useActivity((state) => state.setFilter);
  const [keyText, setKeyText] = useState(filter.keyId);

  // A row's key button (or Clear filters) sets the filter from outside the box: show it there,
  // unless the box already says it (a half-typed ID filters nothing and stays as typed).
  useEffect(() => setKeyText((text) => (keyIdTyped(text) === filter.keyId ? text : filter.keyId)), [filter.keyId]);

  function typeKey(typed: string) {
    const pasted = keyIdInText(typed);
    // A fresh copy of the ID, so the pasted text (and its secret) can be collected.
    const text = pasted !== null ? [...pasted].join('') : typed;
    setKeyText(text);
    setFilter({ keyId: keyIdTyped(text) });
  }

  const keyIncomplete = keyText.trim() !== '' && keyIdTyped(keyText) === '';
  return (
    <form className="filters" role="search" aria-label="Filter the activity log" onSubmit={(event) => event.preventDefault()}>
      <div className="filters__field filters__field--key">
        <label htmlFor="activity-key">Key</label>
        <input
          id="activity-key"
          className="text-input"
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="API Key ID"
          list={keys.length <= MAX_SUGGESTED_KEYS ? 'activity-key-suggestions' : undefined}
          value={keyText}
          aria-invalid={keyIncomplete}
          aria-describedby="activity-key-hint"
          onChange={(event) => typeKey(event.target.value)}
        />
        <span id="activity-key-hint" className="filters__hint">
          {keyIncomplete ? 'Not a whole API Key ID (22 characters): showing every key' : 'Type, paste or pick a key'}
        </span>
        {keys.length <= MAX_SUGGESTED_KEYS && (
          <datalist id="activity-key-suggestions">
            {keys.map((key) => (
              <option key={key.api_key_id} value={key.api_key_id}>
                {key.name}
              </option>
            ))}
          </datalist>
        )}
      </div>
      <div className="filters__field">
        <label htmlFor="activity-action">Action</label>
        <select id="activity-action" className="select" value={filter.action} onChange={(event) => setFilter({ action: event.target.value })}>
          <option value="">All actions</option>
          {Object.entries(ACTION_LABEL).map(([action, label]) => (
            <option key={action} value={action}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="activity-from">From</label>
        <input
          id="activity-from"
          className="text-input"
          type="date"
          value={filter.from}
          max={filter.to || undefined}
          onChange={(event) => setFilter({ from: event.target.value })}
        />
      </div>
      <div className="filters__field">
        <label htmlFor="activity-to">To</label>
        <input
          id="activity-to"
          className="text-input"
          type="date"
          value={filter.to}
          min={filter.from || undefined}
          onChange={(event) => setFilter({ to: event.target.value })}
        />
      </div>
      {isFiltered(filter) && (
        <button
          type="button"
          className="button button--ghost filters__clear"
          onClick={() => {
            setKeyText('');
            setFilter(NO_FILTER);
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
});
