/**
 * The audit log's integrity, as `keydesk log --verify` reports it: whether the hash chain holds
 * (intact, or broken at row N: edited, removed or moved), and whether the keys and accounts tables
 * equal what the log replays to (a scope or status edited straight in SQLite shows here).
 */
import { plural } from '../../audit/labels.ts';
import { CheckIcon, WarningIcon } from '../../components/icons.tsx';
import type { AuditIntegrity, StateDifference } from '../../../common/audit.ts';

/** Differences listed on the page; the CLI's `log --verify --json` gives all of them. */
const DIFFERENCES_SHOWN = 10;

export function ChainStatus({ integrity }: { readonly integrity: AuditIntegrity | null }) {
  if (!integrity) return null;
  const { chain, replay } = integrity;
  if (chain.intact && replay.consistent) {
    return (
      <p className="chain-status" role="status">
        <CheckIcon />
        <span>
          <strong>Audit log intact:</strong> all {plural(chain.rows, 'entry', 'entries')} verified, none edited, removed or moved, and
          the {plural(replay.keys, 'key', 'keys')} and {plural(replay.accounts, 'account', 'accounts')} match what the log records.
        </span>
      </p>
    );
  }
  return (
    <div className="callout callout--danger" role="alert">
      <WarningIcon />
      <div>
        {!chain.intact && (
          <p>
            <strong>Hash chain broken at row {chain.brokenAt}:</strong> {chain.reason}. The log was changed outside Keydesk; row{' '}
            {chain.brokenAt} and the rows after it cannot be trusted.
          </p>
        )}
        {!replay.consistent && <ReplayDifferences differences={replay.differences} total={replay.total} />}
      </div>
    </div>
  );
}

function ReplayDifferences({ differences, total }: { readonly differences: readonly StateDifference[]; readonly total: number }) {
  const shown = differences.slice(0, DIFFERENCES_SHOWN);
  return (
    <>
      <p>
        <strong>The key store differs from its audit log in {plural(total, 'place', 'places')}:</strong> it was edited outside Keydesk.
      </p>
      <ul className="replay-differences">
        {shown.map((difference, i) => (
          <li key={i}>{difference.message}</li>
        ))}
      </ul>
      {total > shown.length && <p>…and {total - shown.length} more; `keydesk log --verify` lists them all.</p>}
    </>
  );
}
