/**
 * The Activity log page: every change to the account's keys (and its exports and imports) from
 * the audit log, filtered by key, action and days, with the
 * log's integrity check (hash chain, and the tables against the log's replay) on top.
 */
import { useCallback, useEffect } from 'react';
import { useActivity, useKeys, useStores } from '../../app/stores-context.tsx';
import { isFiltered } from '../../audit/activity-filter.ts';
import { plural } from '../../audit/labels.ts';
import { FieldMessages } from '../../components/field-errors.tsx';
import { ActivityFilters } from './ActivityFilters.tsx';
import { ActivityTable } from './ActivityTable.tsx';
import { ChainStatus } from './ChainStatus.tsx';
import { ScrollPage } from '../../components/ScrollPage.tsx';
import '../pages.css';

export function ActivityLogPage({ inert }: { readonly inert: boolean }) {
  const activity = useStores().activity;
  const status = useActivity((state) => state.status);
  const entries = useActivity((state) => state.entries);
  const integrity = useActivity((state) => state.integrity);
  const filter = useActivity((state) => state.filter);
  const errors = useActivity((state) => state.errors);
  const keys = useKeys((state) => state.keys);
  useEffect(() => activity.getState().watch(), [activity]);
  const filterByKey = useCallback((keyId: string) => activity.getState().setFilter({ keyId }), [activity]);

  return (
    <ScrollPage id="activity" title="Activity log" inert={inert} busy={status === 'loading'} meta="Every change to this account's keys, who made it and through what: the app, the CLI or the local API.">
      <ChainStatus integrity={integrity} />
      <ActivityFilters keys={keys} />
      <FieldMessages id="activity-errors" errors={errors} />
      {status === 'ready' && (
        <p className="page__footnote" role="status">
          {isFiltered(filter) ? `${plural(entries.length, 'entry', 'entries')} match the filters` : `${plural(entries.length, 'entry', 'entries')} about this account`}
          {integrity && integrity.rows !== entries.length && ` · the log checked above holds ${plural(integrity.rows, 'entry', 'entries')}, every account's`}
        </p>
      )}
      {status === 'ready' && entries.length > 0 && <ActivityTable key={JSON.stringify(filter)} entries={entries} chain={integrity?.chain ?? null} seal={integrity?.seal ?? null} onKey={filterByKey} />}
    </ScrollPage>
  );
}
