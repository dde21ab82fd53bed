/**
 * Search by name or API Key ID, and the filters: access type, status, and use (stale keys by the
 * audit's own threshold, rolled keys in grace). Pasting a whole key searches by the ID inside it
 * and keeps only that ID: the secret never sits in the search box. The filters sit in one menu and
 * each active one shows as a chip beside it, so the toolbar is one row at any window width.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { memo, type Ref } from 'react';
import { searchInputFor, STATUS_FILTERS, USE_FILTERS, type AccessFilter, type SearchInput, type StatusFilter, type UseFilter } from '../keys/key-query.ts';
import { ACCESS_SHORT } from '../keys/labels.ts';
import type { ListFocus } from '../stores/selection-store.ts';
import { CheckIcon, CloseIcon, FilterIcon, SearchIcon } from './icons.tsx';

export interface ListFilters {
  readonly access: AccessFilter;
  readonly status: StatusFilter;
  readonly use: UseFilter;
}

export const NO_FILTERS: ListFilters = { access: 'all', status: 'all', use: 'any' };

interface Props {
  readonly search: SearchInput;
  readonly onSearch: (search: SearchInput) => void;
  readonly filters: ListFilters;
  readonly onFilters: (filters: ListFilters) => void;
  /** The audit's unused threshold, which the use filters name. */
  readonly unusedDays: number;
  /** An audit finding's keys shown alone, with a chip to show every key again. */
  readonly focus: ListFocus | null;
  readonly onUnfocus: () => void;
  readonly searchRef?: Ref<HTMLInputElement>;
}

const STATUS_LABEL: Readonly<Record<StatusFilter, string>> = {
  all: 'All',
  active: 'Active',
  expiring: 'Expiring within 30 days',
  disabled: 'Disabled',
  expired: 'Expired',
};

const ACCESS_FILTERS: readonly AccessFilter[] = ['all', 'full', 'restricted', 'billing'];
const ACCESS_LABEL: Readonly<Record<AccessFilter, string>> = { all: 'All', ...ACCESS_SHORT };

export function labelOfUse(use: UseFilter, unusedDays: number): string {
  switch (use) {
    case 'any':
      return 'Any';
    case 'unused':
      return `Unused for over ${unusedDays} days`;
    case 'never_used':
      return `Never used, older than ${unusedDays} days`;
    case 'in_grace':
      return 'Rolled, old secret still working';
  }
}

export const KeyToolbar = memo(function KeyToolbar({ search, onSearch, filters, onFilters, unusedDays, focus, onUnfocus, searchRef }: Props) {
  const set = (change: Partial<ListFilters>) => onFilters({ ...filters, ...change });
  const active = [
    ...(filters.access !== 'all' ? [{ name: 'Access', value: ACCESS_LABEL[filters.access], clear: () => set({ access: 'all' }) }] : []),
    ...(filters.status !== 'all' ? [{ name: 'Status', value: STATUS_LABEL[filters.status], clear: () => set({ status: 'all' }) }] : []),
    ...(filters.use !== 'any' ? [{ name: 'Use', value: labelOfUse(filters.use, unusedDays), clear: () => set({ use: 'any' }) }] : []),
  ];
  return (
    <div className="toolbar">
      <div className="search-field toolbar__search">
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
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="button button--secondary toolbar__filters-button">
            <FilterIcon />
            Filters
            {active.length > 0 && <span className="count-badge">{active.length}</span>}
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu menu--filters" align="start" sideOffset={4}>
            <FilterGroup label="Access type" options={ACCESS_FILTERS} value={filters.access} text={(o) => ACCESS_LABEL[o]} onChange={(access) => set({ access })} />
            <DropdownMenu.Separator className="menu__separator" />
            <FilterGroup label="Status" options={STATUS_FILTERS} value={filters.status} text={(o) => STATUS_LABEL[o]} onChange={(status) => set({ status })} />
            <DropdownMenu.Separator className="menu__separator" />
            <FilterGroup label="Use" options={USE_FILTERS} value={filters.use} text={(o) => labelOfUse(o, unusedDays)} onChange={(use) => set({ use })} />
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {(active.length > 0 || focus) && (
        <ul className="filter-chips" aria-label="Active filters">
          {focus && (
            <li>
              <button type="button" className="filter-chip filter-chip--focus" onClick={onUnfocus} aria-label={`Audit: ${focus.label} (${focus.ids.size}), show every key`}>
                Audit: {focus.label} ({focus.ids.size})
                <CloseIcon />
              </button>
            </li>
          )}
          {active.map((chip) => (
            <li key={chip.name}>
              <button type="button" className="filter-chip" onClick={chip.clear} aria-label={`Remove filter ${chip.name}: ${chip.value}`}>
                {chip.name}: {chip.value}
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      {search.fromPastedKey && (
        <p id="key-search-note" className="toolbar__note" role="status">
          Searching by the API Key ID in the pasted key. Its secret part was discarded.
        </p>
      )}
    </div>
  );
});

interface FilterGroupProps<T extends string> {
  readonly label: string;
  readonly options: readonly T[];
  readonly value: T;
  readonly text: (option: T) => string;
  readonly onChange: (value: T) => void;
}

/** One filter in the menu; choosing keeps the menu open, so several filters are set in one visit. */
function FilterGroup<T extends string>({ label, options, value, text, onChange }: FilterGroupProps<T>) {
  return (
    <>
      <DropdownMenu.Label className="menu__label">{label}</DropdownMenu.Label>
      <DropdownMenu.RadioGroup aria-label={label} value={value} onValueChange={(next) => onChange(next as T)}>
        {options.map((option) => (
          <DropdownMenu.RadioItem key={option} value={option} className="menu__item" onSelect={(event) => event.preventDefault()}>
            {text(option)}
            <DropdownMenu.ItemIndicator className="menu__check">
              <CheckIcon />
            </DropdownMenu.ItemIndicator>
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </>
  );
}
