/**
 * Shown while keys are ticked: how many, "select all matching", and the actions on all of them at
 * once. Each action asks for confirmation first (BulkActionDialog), stating the count; Set owner
 * asks for the owner, purpose and tags (BulkAnnotateDialog).
 */
import { memo } from 'react';
import { ClockIcon, CloseIcon, PauseIcon, PencilIcon, PlayIcon, TrashIcon } from './icons.tsx';
import type { BulkAction } from '../../common/lifecycle.ts';

interface Props {
  /** Ticked keys among those shown. */
  readonly count: number;
  /** Keys matching the search and filters. */
  readonly matching: number;
  readonly onSelectAll: () => void;
  readonly onClear: () => void;
  readonly onAction: (action: BulkAction) => void;
  /** Owner, purpose and tags for the ticked keys. */
  readonly onAnnotate: () => void;
}

const keys = (n: number) => `${n.toLocaleString()} key${n === 1 ? '' : 's'}`;

export const BulkBar = memo(function BulkBar({ count, matching, onSelectAll, onClear, onAction, onAnnotate }: Props) {
  return (
    <div className="bulk-bar" role="region" aria-label="Selected keys">
      <p className="bulk-bar__count" role="status">
        {keys(count)} selected
      </p>
      {count < matching && (
        <button type="button" className="button button--ghost button--small" onClick={onSelectAll}>
          Select all {matching.toLocaleString()} matching
        </button>
      )}
      <button type="button" className="button button--ghost button--small" onClick={onClear}>
        <CloseIcon />
        Clear selection
      </button>
      <div className="bulk-bar__actions">
        <button type="button" className="button button--secondary button--small" onClick={() => onAction('disable')}>
          <PauseIcon />
          Disable
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => onAction('enable')}>
          <PlayIcon />
          Enable
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => onAction('expire')}>
          <ClockIcon />
          Set expiry
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onAnnotate}>
          <PencilIcon />
          Set owner…
        </button>
        <button type="button" className="button button--danger button--small" onClick={() => onAction('delete')}>
          <TrashIcon />
          Delete
        </button>
      </div>
    </div>
  );
});
