/**
 * The audit log's integrity, as `keydesk log --verify` reports it: whether the hash chain holds
 * (intact, or broken at row N: edited, removed or moved), whether its seal holds (made with this
 * computer's key for the store, which the store does not carry), and whether the keys and accounts
 * tables equal what the log replays to. Under it, where the log ends (its head), with Copy head:
 * pasted into a ticket, it later proves that nothing up to it was rewritten.
 */
import { useState } from 'react';
import { messageOf } from '../../../common/errors.ts';
import { useApi } from '../../app/stores-context.tsx';
import { plural } from '../../audit/labels.ts';
import { CheckIcon, CopyIcon, WarningIcon } from '../../components/icons.tsx';
import { headText, type AuditHead, type AuditIntegrity, type SealCheck, type StateDifference } from '../../../common/audit.ts';

/** Differences listed on the page; the CLI's `log --verify --json` gives all of them. */
const DIFFERENCES_SHOWN = 10;

export function ChainStatus({ integrity }: { readonly integrity: AuditIntegrity | null }) {
  if (!integrity) return null;
  const { chain, seal, replay } = integrity;
  const broken = !chain.intact || seal.status === 'broken' || !replay.consistent;
  return (
    <section className="chain-panel" aria-label="Audit log integrity">
      {!broken && seal.status === 'sealed' && (
        <p className="chain-status" role="status">
          <CheckIcon />
          <span>
            <strong>Audit log intact:</strong> all {plural(chain.rows, 'entry', 'entries')} verified, none edited, removed, moved or added
            outside Keydesk (sealed with this computer's key), and the {plural(replay.keys, 'key', 'keys')} and{' '}
            {plural(replay.accounts, 'account', 'accounts')} match what the log records.
          </span>
        </p>
      )}
      {!broken && seal.status === 'unchecked' && <UncheckedSeal reason={seal.reason} rows={chain.rows} />}
      {broken && (
        <div className="callout callout--danger" role="alert">
          <WarningIcon />
          <div>
            {!chain.intact && (
              <p>
                <strong>Hash chain broken at row {chain.brokenAt}:</strong> {chain.reason}. The log was changed outside Keydesk; row{' '}
                {chain.brokenAt} and the rows after it cannot be trusted.
              </p>
            )}
            {seal.status === 'broken' && <BrokenSeal seal={seal} />}
            {seal.status === 'unchecked' && <p>Its seal cannot be checked on this computer: {seal.reason}.</p>}
            {!replay.consistent && <ReplayDifferences differences={replay.differences} total={replay.total} />}
          </div>
        </div>
      )}
      <LogHead head={integrity.head} />
    </section>
  );
}

function UncheckedSeal({ reason, rows }: { readonly reason: string; readonly rows: number }) {
  return (
    <div className="callout callout--warning" role="status">
      <WarningIcon />
      <div>
        <p>
          <strong>The seal cannot be checked on this computer:</strong> {reason}.
        </p>
        <p>
          The hash chain of all {plural(rows, 'entry', 'entries')} holds and the keys match what it records, but without the store's
          seal key, entries added or rewritten outside Keydesk cannot be told from its own. Changes are refused until the key file is
          copied here from the computer the store came from, or the log is sealed afresh with <code>keydesk log --reseal</code>.
        </p>
      </div>
    </div>
  );
}

function BrokenSeal({ seal }: { readonly seal: Extract<SealCheck, { status: 'broken' }> }) {
  return (
    <p>
      <strong>Seal broken{seal.brokenAt === null ? '' : ` at row ${seal.brokenAt}`}:</strong> {seal.reason}.
      {seal.brokenAt !== null && ` Row ${seal.brokenAt} and the rows after it cannot be trusted.`}
    </p>
  );
}

/** The head, whole (a witness must be exact), and Copy head, which main puts on the clipboard. */
function LogHead({ head }: { readonly head: AuditHead }) {
  const api = useApi();
  const [note, setNote] = useState('');

  async function copy() {
    const result = await api.audit.copyHead();
    setNote(result.ok ? `Copied ${result.data.seq}:${result.data.hash.slice(0, 12)}… to the clipboard.` : `Could not copy: ${messageOf(result, '; ')}`);
  }

  return (
    <div className="log-head">
      <div className="log-head__text">
        <span className="log-head__label">Log head</span>
        <code className="log-head__value">{headText(head)}</code>
        <span className="log-head__hint">
          Row and hash of the last entry. Paste it into a ticket: <code>keydesk log --verify --expect-head</code> later proves that nothing
          up to it was rewritten.
        </span>
      </div>
      <button type="button" className="button button--secondary" onClick={() => void copy()}>
        <CopyIcon />
        Copy head
      </button>
      <span className="log-head__note" role="status">
        {note}
      </span>
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
