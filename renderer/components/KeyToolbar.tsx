/**
 * Search by name or API Key ID, and filter by access type and status. Pasting a whole key searches
 * by the ID inside it and keeps only that ID: the secret never sits in the search box.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import { memo, type Ref } from 'react';
import { searchInputFor, STATUS_FILTERS, type AccessFilter, type SearchInput, type StatusFilter } from '../keys/key-query.ts';
import { ACCESS_SHORT } from '../keys/labels.ts';
import { SearchIcon } from './icons.tsx';

interface Props {
  readonly search: SearchInput;
  readonly onSearch: (search: SearchInput) => void;
  readonly access: AccessFilter;
  readonly onAccess: (access: AccessFilter) => void;
  readonly status: StatusFilter;
  readonly onStatus: (status: StatusFilter) => void;
  readonly searchRef?: Ref<HTMLInputElement>;
}

const STATUS_LABEL: Readonly<Record<StatusFilter, string>> = {
  all: 'All',
  active: 'Active',
  expiring: 'Expiring',
  disabled: 'Disabled',
  expired: 'Expired',
};

const FILTERS: readonly AccessFilter[] = ['all', 'full', 'restricted', 'billing'];

export function KeyToolbar({ search, onSearch, access, onAccess, status, onStatus, searchRef }: Props) {
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
      <div className="toolbar__filters">
        <AccessFilterGroup access={access} onAccess={onAccess} />
        <StatusFilterGroup status={status} onStatus={onStatus} />
      </div>
    </div>
  );
}

/** Memoized like the access filter. "Expiring" is active keys within the 30-day warning. */
const StatusFilterGroup = memo(function StatusFilterGroup({ status, onStatus }: { readonly status: StatusFilter; readonly onStatus: (status: StatusFilter) => void }) {
  return (
    <RadioGroup.Root
      className="segmented segmented--filter"
      aria-label="Status"
      orientation="horizontal"
      value={status}
      onValueChange={(value) => onStatus(value as StatusFilter)}
    >
      {STATUS_FILTERS.map((filter) => (
        <RadioGroup.Item key={filter} value={filter} className="segmented__item" title={filter === 'expiring' ? 'Active keys expiring within 30 days' : undefined}>
          {STATUS_LABEL[filter]}
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
});

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
