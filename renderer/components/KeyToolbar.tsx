/**
 * Search by name or API Key ID, and filter by access type. Pasting a whole key searches by the ID
 * inside it and keeps only that ID: the secret never sits in the search box.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import { memo, type Ref } from 'react';
import { searchInputFor, type AccessFilter, type SearchInput } from '../keys/key-query.ts';
import { ACCESS_SHORT } from '../keys/labels.ts';
import { SearchIcon } from './icons.tsx';

interface Props {
  readonly search: SearchInput;
  readonly onSearch: (search: SearchInput) => void;
  readonly access: AccessFilter;
  readonly onAccess: (access: AccessFilter) => void;
  readonly searchRef?: Ref<HTMLInputElement>;
}

const FILTERS: readonly AccessFilter[] = ['all', 'full', 'restricted', 'billing'];

export function KeyToolbar({ search, onSearch, access, onAccess, searchRef }: Props) {
  return (
    <div className="toolbar">
      <div className="toolbar__search">
        <div className="search-field">
          <SearchIcon />
          <label htmlFor="key-search" className="visually-hidden">
            Search keys
          </label>
          <input
            id="key-search"
            ref={searchRef}
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder="Search by name or API Key ID, or paste a key"
            value={search.text}
            aria-describedby={search.fromPastedKey ? 'key-search-note' : undefined}
            onChange={(event) => onSearch(searchInputFor(event.target.value))}
          />
        </div>
        {search.fromPastedKey && (
          <p id="key-search-note" className="toolbar__note" role="status">
            Searching by the API Key ID in the pasted key. Its secret part was discarded.
          </p>
        )}
      </div>
      <AccessFilterGroup access={access} onAccess={onAccess} />
    </div>
  );
}

/** Memoized: typing in the search box does not re-render the filter. */
const AccessFilterGroup = memo(function AccessFilterGroup({ access, onAccess }: { readonly access: AccessFilter; readonly onAccess: (access: AccessFilter) => void }) {
  return (
    <RadioGroup.Root
      className="segmented segmented--filter"
      aria-label="Access type"
      orientation="horizontal"
      value={access}
      onValueChange={(value) => onAccess(value as AccessFilter)}
    >
      {FILTERS.map((filter) => (
        <RadioGroup.Item key={filter} value={filter} className="segmented__item">
          {filter === 'all' ? 'All' : ACCESS_SHORT[filter]}
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
});
