/**
 * Leak check: SendGrid-shaped keys in a folder, each with where it is and what it is to this store
 * (live, deleted, unknown...). A hit is shown as `SG.<API Key ID>.…`: the secret is never shown,
 * and main never sends it.
 */
import { PathText } from '../../components/PathText.tsx';
import { useState } from 'react';
import { useInventory } from '../../app/stores-context.tsx';
import { LEAK_STATUS, plural, SKIP_REASON } from '../../audit/labels.ts';
import { WarningIcon } from '../../components/icons.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { FileErrors } from './FileErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { LeakHit, LeakStatus } from '../../../common/inventory.ts';

/** Rows drawn at most; a tree with more hits has a bigger problem than this table. */
const MAX_ROWS = 500;

export function LeakCheckPanel() {
  const operation = useInventory((state) => state.leaks);
  const checkLeaks = useInventory((state) => state.checkLeaks);
  const [scanIgnored, setScanIgnored] = useState(false);
  const running = operation.status === 'running';
  const report = operation.status === 'done' ? operation.result : null;
  const live = report ? report.hits.filter((hit) => hit.status === 'live').length : 0;
  const statuses = report ? [...new Set(report.hits.map((hit) => hit.status))] : [];

  return (
    <Panel
      id="leaks"
      title="Leak check"
      wide
      intro={
        <>
          Scan a folder, such as a repository checkout, for strings shaped like SendGrid keys and see which are live keys of this store. Symlinks are not
          followed; binary files and files over 10 MiB are skipped.
        </>
      }
    >
      <label className="check-label">
        <input type="checkbox" checked={scanIgnored} onChange={(event) => setScanIgnored(event.target.checked)} />
        <span>
          Also scan <code>.git</code> and <code>node_modules</code> folders
        </span>
      </label>
      <div className="panel__actions">
        <button type="button" className="button button--secondary" aria-disabled={running} onClick={() => void (running || checkLeaks(scanIgnored))}>
          Scan a folder…
        </button>
      </div>
      {running && <ProgressBar id="leaks-progress" label="Scan progress" progress={operation.progress} unit="files" />}
      <div className="panel__result" role="status">
        {report && (
          <p>
            Scanned {plural(report.files_scanned, 'file')} in <PathText path={report.root} /> ({report.skipped.length} skipped):{' '}
            {plural(report.hits.length, 'SendGrid-shaped key')}, {live} live.
          </p>
        )}
      </div>
      {live > 0 && (
        <div className="callout callout--danger">
          <WarningIcon />
          <p>Delete or roll every live key found: anyone who can read these files can use it.</p>
        </div>
      )}
      {report && report.hits.length > 0 && <LeakTable hits={report.hits} />}
      {statuses.length > 0 && (
        <dl className="status-legend">
          {statuses.map((status) => (
            <div key={status}>
              <dt>
                <LeakBadge status={status} />
              </dt>
              <dd>{LEAK_STATUS[status].meaning}</dd>
            </div>
          ))}
        </dl>
      )}
      {report && report.skipped.length > 0 && (
        <details className="skipped">
          <summary>{plural(report.skipped.length, 'path')} skipped</summary>
          <ul>
            {report.skipped.map((skipped) => (
              <li key={skipped.path}>
                <PathText path={skipped.path} /> <span className="muted">{SKIP_REASON[skipped.reason]}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <FileErrors id="leaks-errors" title="The folder could not be scanned." errors={operation.errors} />
    </Panel>
  );
}

function LeakBadge({ status }: { readonly status: LeakStatus }) {
  return <span className={`leak-status leak-status--${status}`}>{LEAK_STATUS[status].label}</span>;
}

function LeakTable({ hits }: { readonly hits: readonly LeakHit[] }) {
  return (
    <div className="log-table__frame">
      <table className="log-table leak-table">
        <caption className="visually-hidden">Keys found</caption>
        <thead>
          <tr>
            <th scope="col" className="leak-table__file">
              File:line:column
            </th>
            <th scope="col">Key</th>
            <th scope="col">Status</th>
            <th scope="col">Key in this store</th>
          </tr>
        </thead>
        <tbody>
          {hits.slice(0, MAX_ROWS).map((hit) => (
            <tr key={`${hit.file}:${hit.line}:${hit.column}`}>
              <td>
                <PathText path={hit.file} />
                <code className="leak-table__line">
                  :{hit.line}:{hit.column}
                </code>
              </td>
              <td className="leak-table__key">
                <code>{hit.redacted}</code>
              </td>
              <td>
                <LeakBadge status={hit.status} />
              </td>
              <td>{hit.name === null ? <span className="muted">none</span> : `${hit.account ?? ''}: ${hit.name}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hits.length > MAX_ROWS && <p className="page__footnote">The first {MAX_ROWS} of {hits.length} keys found.</p>}
    </div>
  );
}
