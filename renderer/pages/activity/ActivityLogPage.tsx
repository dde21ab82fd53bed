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
    <main className="scroll-page" inert={inert} aria-labelledby="activity-title" aria-busy={status === 'loading'}>
      <div className="page">
        <div className="page__header">
          <div>
            <h1 id="activity-title">Activity log</h1>
            <p className="page__meta">Every change to this account's keys, who made it and through what: the app, the CLI or the local API.</p>
          </div>
        </div>
        <ChainStatus integrity={integrity} />
        <ActivityFilters keys={keys} />
        <FieldMessages id="activity-errors" errors={errors} />
        {status === 'ready' && (
          <p className="page__footnote" role="status">
            {isFiltered(filter) ? `${plural(entries.length, 'entry', 'entries')} match the filters` : plural(entries.length, 'entry', 'entries')}
          </p>
        )}
        {status === 'ready' && entries.length > 0 && <ActivityTable key={JSON.stringify(filter)} entries={entries} chain={integrity?.chain ?? null} onKey={filterByKey} />}
      </div>
    </main>
  );
}
