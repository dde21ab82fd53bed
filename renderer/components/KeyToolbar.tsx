/**
 * Search by name or API Key ID, and filter by access type and status. Pasting a whole key searches
 * by the ID inside it and keeps only that ID: the secret never sits in the search box.
 */
import * as RadioGroup from '@radix-ui/react-radio-group';
import { memo, type ReactElement, type Ref } from 'react';
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

/** "Expiring" is active keys within the 30-day warning. */
const STATUS_TITLE: Readonly<Partial<Record<StatusFilter, string>>> = { expiring: 'Active keys expiring within 30 days' };

const ACCESS_FILTERS: readonly AccessFilter[] = ['all', 'full', 'restricted', 'billing'];
const ACCESS_LABEL: Readonly<Record<AccessFilter, string>> = { all: 'All', ...ACCESS_SHORT };

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
        <FilterGroup label="Access type" options={ACCESS_FILTERS} labels={ACCESS_LABEL} value={access} onChange={onAccess} />
        <FilterGroup label="Status" options={STATUS_FILTERS} labels={STATUS_LABEL} titles={STATUS_TITLE} value={status} onChange={onStatus} />
      </div>
    </div>
  );
}

interface FilterGroupProps<T extends string> {
  readonly label: string;
  readonly options: readonly T[];
  readonly labels: Readonly<Record<T, string>>;
  readonly titles?: Readonly<Partial<Record<T, string>>>;
  readonly value: T;
  readonly onChange: (value: T) => void;
}

/** One segmented filter. Memoized: typing in the search box does not re-render the filters. */
const FilterGroup = memo(function FilterGroup<T extends string>({ label, options, labels, titles, value, onChange }: FilterGroupProps<T>) {
  return (
    <RadioGroup.Root className="segmented segmented--filter" aria-label={label} orientation="horizontal" value={value} onValueChange={(next) => onChange(next as T)}>
      {options.map((option) => (
        <RadioGroup.Item key={option} value={option} className="segmented__item" title={titles?.[option]}>
          {labels[option]}
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
}) as <T extends string>(props: FilterGroupProps<T>) => ReactElement;
