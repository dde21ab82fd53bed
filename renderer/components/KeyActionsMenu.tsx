/** A row's action menu (Edit, Delete), as on SendGrid's page. Non-modal, so no scroll lock style is injected (the CSP forbids inline styles). */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { KeyRecord } from '../../main/core/records.ts';
import { MoreIcon, PencilIcon, TrashIcon } from './icons.tsx';

interface Props {
  readonly apiKey: KeyRecord;
  readonly onEdit: (key: KeyRecord) => void;
  readonly onDelete: (key: KeyRecord) => void;
}

export function KeyActionsMenu({ apiKey, onEdit, onDelete }: Props) {
  // Open for one key: if the row is reused for another key (the list changed), the menu closes.
  const [openFor, setOpenFor] = useState<string | null>(null);
  return (
    <DropdownMenu.Root modal={false} open={openFor === apiKey.api_key_id} onOpenChange={(open) => setOpenFor(open ? apiKey.api_key_id : null)}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="icon-button" aria-label={`Actions for ${apiKey.name}`} data-key-actions={apiKey.api_key_id}>
          <MoreIcon />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Item className="menu__item" onSelect={() => onEdit(apiKey)}>
            <PencilIcon />
            Edit
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu__item menu__item--danger" onSelect={() => onDelete(apiKey)}>
            <TrashIcon />
            Delete
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
