/**
 * A row's action menu, as on SendGrid's page plus the key's life: Edit, Disable or Enable, Set
 * expiry, Roll, Delete. Roll is offered only where it can work (a key issued here that has not
 * expired), and says why otherwise. Non-modal, so no scroll lock style is injected (the CSP
 * forbids inline styles).
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { KeyStatus } from '../../common/lifecycle.ts';
import type { KeyRecord } from '../../common/records.ts';
import { ORIGIN_TAG } from '../keys/labels.ts';
import { ClockIcon, MoreIcon, PauseIcon, PencilIcon, PlayIcon, RefreshIcon, TrashIcon } from './icons.tsx';

export type KeyAction = 'edit' | 'disable' | 'enable' | 'expire' | 'roll' | 'delete';

interface Props {
  readonly apiKey: KeyRecord;
  readonly status: KeyStatus;
  readonly onAction: (action: KeyAction, key: KeyRecord) => void;
}

/** Why a key cannot be rolled, or null when it can. */
export function rollRefusal(key: KeyRecord, status: KeyStatus): string | null {
  if (key.origin !== 'issued') return `${ORIGIN_TAG[key.origin]}: its secret lives in SendGrid, so roll it there.`;
  if (status === 'expired') return 'Expired: give it a new expiry first.';
  return null;
}

export function KeyActionsMenu({ apiKey, status, onAction }: Props) {
  // Open for one key: if the row is reused for another key (the list changed), the menu closes.
  const [openFor, setOpenFor] = useState<string | null>(null);
  const cannotRoll = rollRefusal(apiKey, status);
  const disabled = apiKey.disabled_at !== null;
  return (
    <DropdownMenu.Root modal={false} open={openFor === apiKey.api_key_id} onOpenChange={(open) => setOpenFor(open ? apiKey.api_key_id : null)}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="icon-button" aria-label={`Actions for ${apiKey.name}`} data-key-actions={apiKey.api_key_id}>
          <MoreIcon />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Item className="menu__item" onSelect={() => onAction('edit', apiKey)}>
            <PencilIcon />
            Edit
          </DropdownMenu.Item>
          {disabled ? (
            <DropdownMenu.Item className="menu__item" onSelect={() => onAction('enable', apiKey)}>
              <PlayIcon />
              Enable
            </DropdownMenu.Item>
          ) : (
            <DropdownMenu.Item className="menu__item" onSelect={() => onAction('disable', apiKey)}>
              <PauseIcon />
              Disable
            </DropdownMenu.Item>
          )}
          <DropdownMenu.Item className="menu__item" onSelect={() => onAction('expire', apiKey)}>
            <ClockIcon />
            Set expiry…
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu__item" disabled={cannotRoll !== null} onSelect={() => onAction('roll', apiKey)}>
            <RefreshIcon />
            <span className="menu__text">
              Roll…
              {cannotRoll && <span className="menu__hint">{cannotRoll}</span>}
            </span>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="menu__separator" />
          <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => onAction('delete', apiKey)}>
            <TrashIcon />
            Delete
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
