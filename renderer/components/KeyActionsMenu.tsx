/**
 * A row's action menu, as on SendGrid's page plus the key's life: Edit, Disable or Enable, Set
 * expiry, Roll, Delete. Roll is offered only where it can work (a key issued here that has not
 * expired), and says why otherwise. Non-modal, so no scroll lock style is injected (the CSP
 * forbids inline styles). The menu mounts on first use: until then the row shows a plain button
 * that opens it as Radix's trigger would (app/use-first-use.ts).
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useRef, useState } from 'react';
import { useFirstUse, useReplay } from '../app/use-first-use.ts';
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

/** What first opened the menu: a press (and its pointer's type) or a key. */
type FirstOpen = { readonly pointerType: string } | { readonly key: string };

/** The keys that open a Radix dropdown menu from its trigger. */
const OPENING_KEYS: ReadonlySet<string> = new Set(['Enter', ' ', 'ArrowDown']);

export function KeyActionsMenu(props: Props) {
  const { apiKey } = props;
  const [opened, open] = useFirstUse<FirstOpen>(apiKey.api_key_id);
  if (opened !== null) return <ActionsMenu {...props} firstOpen={opened} />;
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Actions for ${apiKey.name}`}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      data-key-actions={apiKey.api_key_id}
      // As Radix's trigger: a main-button press without Ctrl, or Enter, Space or ↓, opens the menu.
      onPointerDown={(event) => {
        if (event.button !== 0 || event.ctrlKey) return;
        // This button is replaced at once: no focus for it (the open menu takes focus).
        event.preventDefault();
        open({ pointerType: event.pointerType });
      }}
      onKeyDown={(event) => {
        if (!OPENING_KEYS.has(event.key)) return;
        event.preventDefault();
        open({ key: event.key });
      }}
    >
      <MoreIcon />
    </button>
  );
}

function ActionsMenu({ apiKey, status, onAction, firstOpen }: Props & { readonly firstOpen: FirstOpen }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  useReplay(trigger, (button) => {
    if ('key' in firstOpen) {
      button.focus();
      button.dispatchEvent(new KeyboardEvent('keydown', { key: firstOpen.key, bubbles: true, cancelable: true }));
    } else {
      button.dispatchEvent(new PointerEvent('pointerdown', { pointerType: firstOpen.pointerType, button: 0, bubbles: true, cancelable: true }));
    }
  });
  const cannotRoll = rollRefusal(apiKey, status);
  const disabled = apiKey.disabled_at !== null;
  return (
    <DropdownMenu.Root modal={false} open={open} onOpenChange={setOpen}>
      <DropdownMenu.Trigger asChild>
        <button ref={trigger} type="button" className="icon-button" aria-label={`Actions for ${apiKey.name}`} data-key-actions={apiKey.api_key_id}>
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
