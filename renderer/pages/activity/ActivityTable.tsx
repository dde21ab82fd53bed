/**
 * The audit log as a table, newest first: row number (the hash chain's), time, actor, action,
 * key, and what changed, scopes added and removed spelled out. A key's name filters the log to
 * that key. Long logs are shown a page at a time.
 */
import { memo, useState } from 'react';
import type { AuditEntryView } from '../../../common/ipc/contract.ts';
import { actionLabel, actorLabel } from '../../audit/labels.ts';
import { ScopeDiff } from '../../components/ScopeDiff.tsx';
import { Time } from '../../components/Time.tsx';
import { useNow } from '../../app/use-now.ts';
import type { ChainCheck, SealCheck } from '../../../common/audit.ts';

const PAGE_SIZE = 200;
/** Scope changes listed in the row; more are folded behind a disclosure. */
const SCOPES_INLINE = 8;

interface Props {
  readonly entries: readonly AuditEntryView[];
  readonly chain: ChainCheck | null;
  readonly seal: SealCheck | null;
  readonly onKey: (apiKeyId: string) => void;
}

export const ActivityTable = memo(function ActivityTable({ entries, chain, seal, onKey }: Props) {
  const [limit, setLimit] = useState(PAGE_SIZE);
  const now = useNow(entries);
  const brokenAt = chain && !chain.intact ? chain.brokenAt : null;
  const sealBrokenAt = seal?.status === 'broken' ? seal.brokenAt : null;
  const shown = entries.slice(0, limit);
  return (
    <>
      <div className="log-table__frame">
        <table className="log-table">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          {/* Fixed widths for all but Change, which takes the rest: at 720 px it stays readable, with no sideways scroll. */}
          <colgroup>
            <col className="log-col--seq" />
            <col className="log-col--time" />
            <col className="log-col--actor" />
            <col className="log-col--action" />
            <col className="log-col--key" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Key</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <LogRow key={entry.seq} entry={entry} broken={entry.seq === brokenAt ? 'Chain broken here' : entry.seq === sealBrokenAt ? 'Seal broken here' : null} now={now} onKey={onKey} />
            ))}
          </tbody>
        </table>
      </div>
      {entries.length > limit && (
        <button type="button" className="button button--secondary log-table__more" onClick={() => setLimit(limit + PAGE_SIZE)}>
          Show {Math.min(PAGE_SIZE, entries.length - limit)} more of {entries.length - limit} older entries
        </button>
      )}
    </>
  );
});

/** `broken`: the tag of the row a check found broken first, or null. */
function LogRow({ entry, broken, now, onKey }: { readonly entry: AuditEntryView; readonly broken: string | null; readonly now: number; readonly onKey: (apiKeyId: string) => void }) {
  return (
    <tr className={broken ? 'log-row log-row--broken' : 'log-row'}>
      <td className="log-row__seq">
        {entry.seq}
        {broken && <span className="tag tag--danger">{broken}</span>}
      </td>
      <td className="log-row__time">
        <Time iso={entry.at} now={now} />
      </td>
      <td>
        {actorLabel(entry.actor)}
        <span className="log-row__via"> via {entry.via}</span>
      </td>
      <td>{actionLabel(entry.action)}</td>
      <td>
        {entry.key_id !== null && (
          <button type="button" className="key-link key-link--compact" title="Show only this key's entries" onClick={() => onKey(entry.key_id!)}>
            <span className="visually-hidden">Only entries of </span>
            <span className="key-link__name">{entry.key_name ?? 'a key'}</span>
            <code className="key-link__id">{entry.key_id}</code>
          </button>
        )}
      </td>
      <td>
        <span className="log-row__summary">{entry.summary}</span>
        <ScopeChanges added={entry.change.scopesAdded} removed={entry.change.scopesRemoved} />
      </td>
    </tr>
  );
}

function ScopeChanges({ added, removed }: { readonly added: readonly string[]; readonly removed: readonly string[] }) {
  const count = added.length + removed.length;
  if (count === 0) return null;
  const list = <ScopeDiff added={added} removed={removed} />;
  if (count <= SCOPES_INLINE) return list;
  return (
    <details className="scope-diff__more">
      <summary>
        {added.length > 0 && `${added.length} added`}
        {added.length > 0 && removed.length > 0 && ', '}
        {removed.length > 0 && `${removed.length} removed`}
      </summary>
      {list}
    </details>
  );
}
