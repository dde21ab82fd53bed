/** Whether the audit log's hash chain holds: intact, or broken at row N (edited, removed or moved). */
import type { ChainCheck } from '../../../preload/contract.ts';
import { plural } from '../../audit/labels.ts';
import { CheckIcon, WarningIcon } from '../../components/icons.tsx';

export function ChainStatus({ chain }: { readonly chain: ChainCheck | null }) {
  if (!chain) return null;
  if (chain.intact) {
    return (
      <p className="chain-status" role="status">
        <CheckIcon />
        <span>
          <strong>Hash chain intact:</strong> all {plural(chain.rows, 'entry', 'entries')} of the log verified, none edited, removed or
          moved.
        </span>
      </p>
    );
  }
  return (
    <div className="callout callout--danger" role="alert">
      <WarningIcon />
      <p>
        <strong>Hash chain broken at row {chain.brokenAt}:</strong> {chain.reason}. The log was changed outside Keydesk; row{' '}
        {chain.brokenAt} and the rows after it cannot be trusted.
      </p>
    </div>
  );
}
