/**
 * The page title, the counts, and Create (disabled with SendGrid's reason at the limit). One count
 * model: "N of 100 keys" counts the keys issued here, which the limit counts; records that live in
 * SendGrid (imported or pulled) are counted apart and never against the limit.
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { memo, type RefObject } from 'react';
import { PlusIcon } from './icons.tsx';
import type { AccountSummary } from '../../common/accounts.ts';

interface Props {
  readonly summary: AccountSummary | null;
  readonly blocked: string | null;
  readonly onCreate: () => void;
  readonly createRef: RefObject<HTMLButtonElement | null>;
}

export const PageHeader = memo(function PageHeader({ summary, blocked, onCreate, createRef }: Props) {
  return (
    <div className="page__header">
      <div className="page__title">
        <h1>API Keys</h1>
        <p className="page__meta">
          {summary && (
            <span className={blocked ? 'counter counter--full' : 'counter'}>
              {summary.issued_keys} of {summary.key_limit} keys
            </span>
          )}
          {summary && summary.keys > summary.issued_keys && (
            <span className="counter" title="Records of keys that live in SendGrid: listed and audited here, never counted against the limit">
              {recordCount(summary.keys - summary.issued_keys)}
            </span>
          )}
          {blocked && (
            <span className="page__limit" id="create-limit">
              {blocked}
            </span>
          )}
        </p>
      </div>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          {/* aria-disabled, not disabled: the button stays focusable and its reason stays readable. */}
          <button
            ref={createRef}
            type="button"
            // One primary action a page: an empty account's own "Create your first API key" is it.
            className={summary?.keys === 0 ? 'button button--secondary' : 'button button--primary'}
            onClick={onCreate}
            aria-disabled={blocked !== null}
            aria-describedby={blocked ? 'create-limit' : undefined}
            aria-keyshortcuts="Control+N Meta+N"
          >
            <PlusIcon />
            Create API key
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content className="tooltip" side="bottom" align="end" sideOffset={6}>
            {blocked ?? 'New key (Ctrl+N / ⌘N)'}
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </div>
  );
});

export const recordCount = (n: number): string => `${n.toLocaleString()} imported record${n === 1 ? '' : 's'}`;
